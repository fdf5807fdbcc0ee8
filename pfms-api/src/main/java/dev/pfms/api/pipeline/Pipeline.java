package dev.pfms.api.pipeline;

import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.money.Spending;
import dev.pfms.api.money.TransferDetector;
import dev.pfms.api.money.TransferMatch;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Categorize → detect anomalies → forecast, for one data subject's transactions, with consent
 * checked before each step.
 *
 * <p>When a {@link ConsentLedger} is set, every service is wrapped in a {@link ConsentGuard}, so
 * each call into a provider first requires the subject's consent for its {@link Purpose}
 * ({@code CATEGORIZATION}, {@code ANOMALY_DETECTION}, {@code FORECASTING}) and throws
 * {@link dev.pfms.api.ConsentRequiredException} before the provider sees any data. Spending is
 * forecast per primary category on monthly totals of money out, less transfers between the
 * subject's own accounts ({@link Spending}); the last, possibly partial, month is left out of the
 * history. The forecasts are the forecaster's own: to keep spending bounds at or above zero, create
 * it with its {@code non-negative} option (the built-in {@code ets} and {@code seasonal-naive}
 * forecasters declare one), which censors the forecast distribution at zero. Immutable and
 * thread-safe when its services are.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder().categorizer(cat).anomalyDetector(det).forecaster(fc)
 *     .consent(ledger, "subject-42").build();
 * AnalysisResult r = p.run(transactions);
 * }</pre>
 */
public final class Pipeline {

  private final Categorizer categorizer;
  private final AnomalyDetector detector;
  private final Forecaster forecaster;
  private final TransferDetector transfers;
  private final int horizon;
  private final double level;
  private final Consumer<String> progress;

  private Pipeline(Builder b) {
    Categorizer c = Objects.requireNonNull(b.categorizer, "categorizer");
    AnomalyDetector d = Objects.requireNonNull(b.detector, "anomalyDetector");
    Forecaster f = Objects.requireNonNull(b.forecaster, "forecaster");
    if (b.ledger != null) {
      ConsentGuard guard = new ConsentGuard(b.ledger, b.clock);
      c = guard.categorizer(c, b.subject);
      d = guard.anomalyDetector(d, b.subject);
      f = guard.forecaster(f, b.subject);
    }
    this.categorizer = c;
    this.detector = d;
    this.forecaster = f;
    this.transfers = b.transfers;
    this.horizon = b.horizon;
    this.level = b.level;
    this.progress = b.progress;
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the three steps.
   *
   * @param transactions one subject's transactions, all in one currency
   * @return the categorized transactions, their anomaly scores and the forecasts
   * @throws dev.pfms.api.ConsentRequiredException when a step lacks consent
   */
  public AnalysisResult run(List<Transaction> transactions) {
    progress.accept("categorizing " + transactions.size() + " transactions");
    List<Prediction> predictions = categorizer.categorizeAll(transactions);
    List<Transaction> categorized;
    if (transactions instanceof dev.pfms.api.model.CompactTransactions c) {
      // shares every column but the category: no per-row copy (ADR 0019)
      categorized = c.withCategories(new java.util.AbstractList<dev.pfms.api.model.Category>() {
        @Override
        public dev.pfms.api.model.Category get(int i) {
          return predictions instanceof dev.pfms.api.model.CompactPredictions cp ? cp.category(i)
              : predictions.get(i).category();
        }

        @Override
        public int size() {
          return predictions.size();
        }
      });
    } else {
      categorized = new ArrayList<>(transactions.size());
      for (int i = 0; i < transactions.size(); i++) {
        categorized.add(transactions.get(i).withCategory(predictions.get(i).category()));
      }
    }

    progress.accept("matching transfers between own accounts");
    List<TransferMatch> matched = transfers.detect(categorized);
    Spending spending = Spending.excluding(matched);

    progress.accept("scoring anomalies");
    List<AnomalyScore> anomalies = detector.fitAndScore(categorized).scores();

    progress.accept("forecasting spending per category");
    Map<String, Forecast> forecasts = forecastSpending(spending, categorized);
    return new AnalysisResult(categorized, predictions, anomalies, forecasts, matched);
  }

  private Map<String, Forecast> forecastSpending(Spending spending, List<Transaction> categorized) {
    Map<String, TimeSeries> series = spending.monthlyByPrimary(categorized);
    // one independent fit per category (a Forecaster is stateless and thread-safe): on the common
    // pool, results in the series' order; a fit's cost does not depend on the number of rows
    List<Map.Entry<String, TimeSeries>> entries = new ArrayList<>(series.entrySet());
    Forecast[] fits = new Forecast[entries.size()];
    java.util.stream.IntStream.range(0, fits.length).parallel()
        .forEach(i -> fits[i] = forecaster.forecast(entries.get(i).getValue(), horizon, level));
    Map<String, Forecast> out = new LinkedHashMap<>();
    for (int i = 0; i < fits.length; i++) {
      out.put(entries.get(i).getKey(), fits[i]);
    }
    return out;
  }

  /** Builds a {@link Pipeline}. Not thread-safe. */
  public static final class Builder {
    private Categorizer categorizer;
    private AnomalyDetector detector;
    private Forecaster forecaster;
    private TransferDetector transfers = TransferDetector.none();
    private ConsentLedger ledger;
    private String subject;
    private Clock clock = Clock.systemUTC();
    private int horizon = 1;
    private double level = 0.8;
    private Consumer<String> progress = s -> { };
    private boolean withoutConsent;

    private Builder() {}

    /** @param v the categorizer (trained, or a rules-only one) @return this */
    public Builder categorizer(Categorizer v) { this.categorizer = v; return this; }

    /** @param v the anomaly detector; each run fits its own model on the transactions themselves @return this */
    public Builder anomalyDetector(AnomalyDetector v) { this.detector = v; return this; }

    /** @param v the forecaster @return this */
    public Builder forecaster(Forecaster v) { this.forecaster = v; return this; }

    /**
     * Finds transfers between the subject's own accounts, which are then neither spending nor
     * income (see {@link Spending}). Without one, only internal categories are left out.
     *
     * @param v the detector, e.g. pfms-core's {@code TransferMatcher}
     * @return this
     */
    public Builder transfers(TransferDetector v) { this.transfers = Objects.requireNonNull(v, "transfers"); return this; }

    /**
     * Checks consent before each step.
     *
     * @param ledger the ledger
     * @param subjectId the data subject the transactions belong to
     * @return this
     */
    public Builder consent(ConsentLedger ledger, String subjectId) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      this.subject = Objects.requireNonNull(subjectId, "subject");
      return this;
    }

    /**
     * Runs without consent checks, for data that is not a data subject's (synthetic or the
     * operator's own). Without this or {@link #consent}, {@link #build()} refuses: consent fails closed.
     *
     * @return this
     */
    public Builder withoutConsent() {
      this.withoutConsent = true;
      return this;
    }

    /** @param v the clock consent is checked against @return this */
    public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }

    /** @param v months to forecast, at least 1 @return this */
    public Builder horizon(int v) { this.horizon = v; return this; }

    /** @param v the forecast interval level in (0,1) @return this */
    public Builder level(double v) { this.level = v; return this; }

    /** @param v receives a line per step, for progress display @return this */
    public Builder progress(Consumer<String> v) { this.progress = Objects.requireNonNull(v); return this; }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     * @throws NullPointerException naming a missing service
     * @throws IllegalArgumentException when horizon or level is out of range
     * @throws IllegalStateException when neither {@link #consent} nor {@link #withoutConsent()} was chosen
     */
    public Pipeline build() {
      if (ledger == null && !withoutConsent) {
        throw new IllegalStateException("a pipeline processes a data subject's transactions: set consent(ledger,"
            + " subject) so each step checks consent, or withoutConsent() for data that is nobody's");
      }
      if (horizon < 1) {
        throw new IllegalArgumentException("horizon must be >= 1: " + horizon);
      }
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("level must be in (0,1): " + level);
      }
      return new Pipeline(this);
    }
  }
}
