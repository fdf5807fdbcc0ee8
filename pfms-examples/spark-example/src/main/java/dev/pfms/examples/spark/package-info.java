/**
 * Example programs for pfms-spark: the whole pipeline over a folder of statements, and the
 * benchmark of the Spark job against the single-JVM streaming pipeline. Programs, not API.
 */
package dev.pfms.examples.spark;
