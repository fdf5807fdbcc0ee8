/**
 * pfms on Apache Spark: {@link dev.pfms.spark.PfmsSpark} reads bank files into a Dataset of
 * transactions (schema {@link dev.pfms.spark.Schemas#TRANSACTIONS}) and one of ingest problems,
 * categorizes and scores them per partition with models loaded once per executor JVM from a
 * {@link dev.pfms.spark.ModelReference} (URI + SHA-256), forecasts per account and category, and
 * writes Parquet. {@link dev.pfms.spark.LocalPipeline} is the same pipeline in one JVM over the
 * streaming ingest, with the same output row for row. Configuration comes from Spark options
 * ({@code spark.pfms.*}, see {@link dev.pfms.spark.PfmsSparkOptions}). Nothing here keeps global state
 * except the per-JVM model cache, keyed by the model's SHA-256.
 *
 * <p>What must not live here: parsing, categorization or scoring logic (that is pfms-core's and the
 * providers'); anything that bundles Spark (it is {@code provided}).
 */
package dev.pfms.spark;
