/**
 * Internals of pfms-spark: Row conversion, the per-JVM model cache, the Spark functions. Not API:
 * names and shapes change without notice.
 */
package dev.pfms.spark.internal;
