/** The self-contained HTML report and the live dashboard's charts. */
package dev.passk.report;
