/** Pass@k estimators and prompt-interference diagnostics: pure Java, no Kafka, no DJL. */
package dev.passk.math;
