package dev.pfms.spark;

import java.io.Serializable;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;

/**
 * What the pipeline does, read from Spark options ({@code --conf spark.pfms.…=…} or
 * {@code SparkSession.builder().config(…)}). Immutable and serializable; a misspelt
 * {@code spark.pfms.*} key fails with the list of known keys.
 *
 * <table>
 * <caption>options</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>spark.pfms.ingest.format</td><td>(detect)</td><td>the ingestor for every file, e.g. {@code csv}</td></tr>
 * <tr><td>spark.pfms.categorizer</td><td>rules</td><td>categorizer provider</td></tr>
 * <tr><td>spark.pfms.categorizer.model</td><td>(none: untrained)</td><td>URI of the packed saved model</td></tr>
 * <tr><td>spark.pfms.categorizer.model.sha256</td><td>required with a model</td><td>its SHA-256</td></tr>
 * <tr><td>spark.pfms.anomaly</td><td>robust-zscore</td><td>detector provider, or {@code none}</td></tr>
 * <tr><td>spark.pfms.anomaly.model</td><td>(none: no scoring)</td><td>URI of the history the detector is fitted on</td></tr>
 * <tr><td>spark.pfms.anomaly.model.sha256</td><td>required with a model</td><td>its SHA-256</td></tr>
 * <tr><td>spark.pfms.batch.size</td><td>2048</td><td>rows per categorize/score batch</td></tr>
 * <tr><td>spark.pfms.forecast</td><td>ets</td><td>forecaster provider</td></tr>
 * <tr><td>spark.pfms.forecast.horizon</td><td>3</td><td>months ahead</td></tr>
 * <tr><td>spark.pfms.forecast.level</td><td>0.8</td><td>interval coverage</td></tr>
 * <tr><td>spark.pfms.forecast.min.months</td><td>6</td><td>shortest history forecast</td></tr>
 * </table>
 *
 * @param ingestFormat the ingestor name, or null to detect per file
 * @param categorizer the categorizer provider
 * @param categorizerModel the categorizer model, or null
 * @param detector the detector provider, or {@code "none"}
 * @param detectorModel the history the detector is fitted on, or null (no scoring)
 * @param batchSize rows per batch
 * @param forecaster the forecaster provider
 * @param horizon months ahead
 * @param level interval coverage
 * @param minMonths shortest history forecast
 */
public record PfmsSparkOptions(String ingestFormat, String categorizer, ModelReference categorizerModel,
    String detector, ModelReference detectorModel, int batchSize, String forecaster, int horizon, double level,
    int minMonths) implements Serializable {

  private static final Set<String> KEYS = Set.of("spark.pfms.ingest.format", "spark.pfms.categorizer",
      "spark.pfms.categorizer.model", "spark.pfms.categorizer.model.sha256", "spark.pfms.anomaly",
      "spark.pfms.anomaly.model", "spark.pfms.anomaly.model.sha256", "spark.pfms.batch.size", "spark.pfms.forecast",
      "spark.pfms.forecast.horizon", "spark.pfms.forecast.level", "spark.pfms.forecast.min.months");

  /** Validates the fields. */
  public PfmsSparkOptions {
    Objects.requireNonNull(categorizer, "categorizer");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(forecaster, "forecaster");
    if (batchSize < 1) {
      throw new IllegalArgumentException("spark.pfms.batch.size must be at least 1: " + batchSize);
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("spark.pfms.forecast.horizon must be at least 1: " + horizon);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("spark.pfms.forecast.level must be in (0,1): " + level);
    }
  }

  /**
   * The defaults: detect formats, untrained rules, no anomaly scoring, ets forecasts.
   *
   * @return the options
   */
  public static PfmsSparkOptions defaults() {
    return from(Map.of());
  }

  /**
   * The options of a session.
   *
   * @param spark the session
   * @return the options
   * @throws IllegalArgumentException for an unknown {@code spark.pfms.*} key or a bad value
   */
  public static PfmsSparkOptions from(SparkSession spark) {
    return from(scala.jdk.javaapi.CollectionConverters.asJava(spark.conf().getAll()));
  }

  /**
   * Options from key/value pairs (only {@code spark.pfms.*} keys are read).
   *
   * @param conf the pairs
   * @return the options
   * @throws IllegalArgumentException for an unknown {@code spark.pfms.*} key or a bad value
   */
  public static PfmsSparkOptions from(Map<String, String> conf) {
    for (String k : conf.keySet()) {
      if (k.startsWith("spark.pfms.") && !KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown option " + k + "; known: " + new TreeSet<>(KEYS));
      }
    }
    String cat = conf.getOrDefault("spark.pfms.categorizer", "rules");
    String det = conf.getOrDefault("spark.pfms.anomaly", "robust-zscore");
    try {
      return new PfmsSparkOptions(conf.get("spark.pfms.ingest.format"), cat,
          reference(conf, "spark.pfms.categorizer.model", cat), det,
          det.equals("none") ? null : reference(conf, "spark.pfms.anomaly.model", det),
          Integer.parseInt(conf.getOrDefault("spark.pfms.batch.size", "2048")),
          conf.getOrDefault("spark.pfms.forecast", "ets"),
          Integer.parseInt(conf.getOrDefault("spark.pfms.forecast.horizon", "3")),
          Double.parseDouble(conf.getOrDefault("spark.pfms.forecast.level", "0.8")),
          Integer.parseInt(conf.getOrDefault("spark.pfms.forecast.min.months", "6")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a spark.pfms.* number option is not a number: " + e.getMessage(), e);
    }
  }

  private static ModelReference reference(Map<String, String> conf, String key, String provider) {
    String uri = conf.get(key);
    if (uri == null) {
      return null;
    }
    String sha = conf.get(key + ".sha256");
    if (sha == null) {
      throw new IllegalArgumentException(key + " needs " + key + ".sha256: models are loaded only when their hash "
          + "matches");
    }
    return new ModelReference(provider, URI.create(uri), sha);
  }

  /**
   * These options with another categorizer model.
   *
   * @param ref the model
   * @return the copy
   */
  public PfmsSparkOptions withCategorizerModel(ModelReference ref) {
    return new PfmsSparkOptions(ingestFormat, ref.provider(), ref, detector, detectorModel, batchSize, forecaster,
        horizon, level, minMonths);
  }

  /**
   * These options with another anomaly model.
   *
   * @param ref the history the detector is fitted on
   * @return the copy
   */
  public PfmsSparkOptions withDetectorModel(ModelReference ref) {
    return new PfmsSparkOptions(ingestFormat, categorizer, categorizerModel, ref.provider(), ref, batchSize,
        forecaster, horizon, level, minMonths);
  }

  /**
   * These options with another batch size.
   *
   * @param size rows per batch
   * @return the copy
   */
  public PfmsSparkOptions withBatchSize(int size) {
    return new PfmsSparkOptions(ingestFormat, categorizer, categorizerModel, detector, detectorModel, size,
        forecaster, horizon, level, minMonths);
  }

  /**
   * The categorizer model, if any.
   *
   * @return the reference
   */
  public Optional<ModelReference> findCategorizerModel() {
    return Optional.ofNullable(categorizerModel);
  }
}
