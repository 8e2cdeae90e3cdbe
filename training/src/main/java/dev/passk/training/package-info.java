/** The learner's update, evaluation and crash-safe state, in plain Java (no Kafka). */
package dev.passk.training;
