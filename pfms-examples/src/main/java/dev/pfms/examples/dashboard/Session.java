package dev.pfms.examples.dashboard;

import dev.pfms.examples.support.Services;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.pipeline.AnalysisResult;
import dev.pfms.api.pipeline.Pipeline;
import dev.pfms.core.transfer.TransferMatcher;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's analysis: the uploaded transactions, the categorizer that learns from their
 * corrections, and the latest {@link Snapshot} of results.
 *
 * <p>Thread-safe for one user: readers get the current immutable snapshot without locking; uploads
 * and corrections are serialized on one lock and publish a new snapshot when done, so a reader sees
 * either the old or the new state, never a mix. Not meant for several users: there is one data set.
 */
final class Session {

  private static final Logger log = LoggerFactory.getLogger(Session.class);

  /** Forecast horizon (months) and interval level shown on the page. */
  static final int HORIZON = 3;
  static final double LEVEL = 0.8;

  private final String categorizerName;
  private final String detectorName;
  private final String forecasterName;
  private final Object lock = new Object();
  private volatile Snapshot current = null;
  private Categorizer categorizer; // guarded by lock
  private String categorizerUsed; // guarded by lock

  /**
   * Creates a session.
   *
   * @param categorizer the categorizer provider, or null for the preferred installed one
   * @param detector the anomaly detector provider, or null for the preferred
   * @param forecaster the forecaster provider, or null for the preferred
   */
  Session(String categorizer, String detector, String forecaster) {
    this.categorizerName = categorizer;
    this.detectorName = detector;
    this.forecasterName = forecaster;
  }

  /**
   * The latest results.
   *
   * @return the snapshot, empty before the first upload
   */
  Optional<Snapshot> snapshot() {
    return Optional.ofNullable(current);
  }

  /**
   * Creates and trains the categorizer on the bootstrap set now, if that has not happened, so that the
   * first upload does not wait for it (an ML categorizer can take many seconds). Failures are left
   * for {@link #load} to report.
   */
  void warmUp() {
    synchronized (lock) {
      if (categorizer == null) {
        try {
          trainWithoutLabels();
        } catch (RuntimeException e) {
          log.info("categorizer warm-up failed ({}); the first upload will retry", e.getClass().getSimpleName());
        }
      }
    }
  }

  private static final String ZERO_SHOT = "zero-shot";

  /**
   * No labels yet: the zero-shot categorizer (lexicon + category descriptions, nothing trained) when no
   * categorizer was named and it is installed; else the named one on the synthetic bootstrap set.
   */
  private void trainWithoutLabels() {
    if (categorizerName == null && Pfms.available(CategorizerProvider.class).contains(ZERO_SHOT)) {
      log.info("no labels: categorizing zero-shot (merchant lexicon + category descriptions)");
      train(Services.create(CategorizerProvider.class, ZERO_SHOT), List.of());
    } else {
      train(Services.create(CategorizerProvider.class, categorizerName), Services.bootstrapTrainingSet());
    }
  }

  private void train(Services.Named<Categorizer> c, List<Transaction> training) {
    long t0 = System.nanoTime();
    c.service().train(training);
    log.info("trained categorizer {} on {} transactions in {} ms", c.name(), training.size(),
        (System.nanoTime() - t0) / 1_000_000);
    categorizer = c.service();
    categorizerUsed = c.name();
  }

  /**
   * Ingests an export, replacing the current data set, and analyzes it. The categorizer (and the
   * corrections it learned) is kept across uploads; it is trained on the upload's own labels when it
   * has any, else it categorizes zero-shot (or, for a named categorizer, trains once on the synthetic
   * bootstrap set).
   *
   * @param source the upload
   * @return the new snapshot
   * @throws IngestException when nothing can be read, naming line and field
   */
  Snapshot load(IngestSource source) {
    Ingestor ingestor = Pfms.ingestorFor(source);
    IngestReport report = ingestor.ingest(source);
    if (report.transactions().isEmpty()) {
      if (!report.problems().isEmpty()) {
        var p = report.problems().get(0);
        throw new IngestException(p.source(), p.line(), p.field(), p.reason() + " (and "
            + (report.problems().size() - 1) + " more problems; no transaction could be read)");
      }
      throw new IngestException(source.name(), 0, null, "no transactions found");
    }
    synchronized (lock) {
      List<Transaction> labelled = report.transactions().stream().filter(t -> t.category() != null).toList();
      if (!labelled.isEmpty()) {
        boolean fresh = categorizer == null || (categorizerName == null && ZERO_SHOT.equals(categorizerUsed));
        Services.Named<Categorizer> c = fresh ? Services.create(CategorizerProvider.class, categorizerName)
            : new Services.Named<>(categorizerUsed, categorizer);
        train(c, labelled);
      } else if (categorizer == null) {
        trainWithoutLabels();
      }
      // analyze the raw transactions: any category in the file was used for training, not kept
      List<Transaction> raw = report.transactions().stream().map(t -> t.withCategory(null)).toList();
      Snapshot s = analyze(report, raw, 0);
      log.info("loaded {} transactions ({} problems, {} duplicates skipped) as {}", raw.size(),
          report.problems().size(), report.duplicatesSkipped(), report.format());
      current = s;
      return s;
    }
  }

  /**
   * Records a user's correction, teaches it to the categorizer and re-analyzes, so that other
   * transactions the correction implies (e.g. the same merchant) update too.
   *
   * @param transactionId the transaction
   * @param category the right category
   * @return the new snapshot
   * @throws NoSuchElementException when no such transaction is loaded
   */
  Snapshot correct(String transactionId, Category category) {
    synchronized (lock) {
      Snapshot s = current;
      Integer i = s == null ? null : s.index().get(transactionId);
      if (i == null) {
        throw new NoSuchElementException("no transaction with id " + transactionId);
      }
      categorizer.correct(s.raw().get(i), category);
      Map<String, Category> corrected = new HashMap<>(s.corrected());
      corrected.put(transactionId, category);
      Snapshot next = analyze(s.report(), s.raw(), s.corrections() + 1, corrected);
      int changed = 0;
      for (int k = 0; k < s.raw().size(); k++) {
        if (!next.result().transactions().get(k).category().equals(s.result().transactions().get(k).category())) {
          changed++;
        }
      }
      log.info("correction applied to {}: {} transactions changed category", transactionId, changed);
      next = next.withChanged(changed);
      current = next;
      return next;
    }
  }

  private Snapshot analyze(IngestReport report, List<Transaction> raw, int corrections) {
    return analyze(report, raw, corrections, Map.of());
  }

  private Snapshot analyze(IngestReport report, List<Transaction> raw, int corrections, Map<String, Category> corrected) {
    long t0 = System.nanoTime();
    Services.Named<AnomalyDetector> det = Services.create(AnomalyDetectorProvider.class, detectorName);
    Services.Named<Forecaster> fc = Services.spendingForecaster(forecasterName);
    Pipeline pipeline = Pipeline.builder().categorizer(categorizer).anomalyDetector(det.service())
        .forecaster(fc.service()).transfers(TransferMatcher.withDefaults()).horizon(HORIZON).level(LEVEL)
        .withoutConsent().build();
    AnalysisResult result = pipeline.run(raw);
    // the monthly total of spending (transfers excluded), last (partial) month left out like the per-category forecasts
    TimeSeries history = result.spending().monthlyTotal(result.transactions()).orElse(null);
    Forecast totalForecast = history == null || history.size() < 2 ? null
        : fc.service().forecast(history, HORIZON, LEVEL);
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < raw.size(); k++) {
      index.put(raw.get(k).id(), k);
    }
    log.debug("analyzed {} transactions in {} ms", raw.size(), (System.nanoTime() - t0) / 1_000_000);
    return new Snapshot(report, raw, result, index, history, totalForecast, categorizerUsed, det.name(), fc.name(),
        corrections, Map.copyOf(corrected), 0);
  }

  /**
   * One immutable state of the analysis.
   *
   * @param report the ingest report
   * @param raw the ingested transactions without categories, in file order
   * @param result the pipeline's output, index-aligned with {@code raw}
   * @param index transaction id to position
   * @param totalHistory monthly money out, all categories (null when there is no full month)
   * @param totalForecast its forecast (null when the history is too short)
   * @param categorizer the categorizer's provider name
   * @param detector the detector's provider name
   * @param forecaster the forecaster's provider name
   * @param corrections how many corrections this session made
   * @param corrected the user's corrections by transaction id
   * @param lastChanged how many transactions the last correction changed
   */
  record Snapshot(IngestReport report, List<Transaction> raw, AnalysisResult result, Map<String, Integer> index,
      TimeSeries totalHistory, Forecast totalForecast, String categorizer, String detector, String forecaster,
      int corrections, Map<String, Category> corrected, int lastChanged) {

    Snapshot withChanged(int changed) {
      return new Snapshot(report, raw, result, index, totalHistory, totalForecast, categorizer, detector, forecaster,
          corrections, corrected, changed);
    }

    List<Integer> flaggedByScore() {
      List<Integer> flagged = new ArrayList<>();
      for (int k = 0; k < result.anomalies().size(); k++) {
        if (result.anomalies().get(k).flagged()) {
          flagged.add(k);
        }
      }
      flagged.sort((a, b) -> Double.compare(result.anomalies().get(b).score(), result.anomalies().get(a).score()));
      return flagged;
    }
  }
}
