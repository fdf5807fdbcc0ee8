package dev.pfms.examples.dashboard;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.TransferMatch;
import dev.pfms.api.pipeline.AnalysisResult;
import dev.pfms.api.pipeline.Pipeline;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoredTransaction;
import dev.pfms.core.transfer.TransferMatcher;
import dev.pfms.examples.support.LocalConsent;
import dev.pfms.examples.support.Services;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's analysis over the {@link Store}: every upload is imported into the store (stable ids,
 * so a re-upload adds nothing), corrections and anomaly dismissals are written to it, and a new
 * session on the same store shows the same data, corrections and dismissals. The categorizer learns
 * from the user's corrections (replayed from the store at start), and the latest {@link Snapshot} of
 * results is kept in memory.
 *
 * <p>Every step that touches the user's data runs under the consent ledger: the pipeline is built
 * with {@code consent(ledger, "local-user")} and training on the user's labels or corrections goes
 * through a {@link ConsentGuard}, so a revoked or tampered ledger stops processing at the next call.
 *
 * <p>Thread-safe for one user: readers get the current immutable snapshot without locking; uploads,
 * corrections and dismissals are serialized on one lock and publish a new snapshot when done, so a
 * reader sees either the old or the new state, never a mix. Not meant for several users.
 */
final class Session {

  private static final Logger log = LoggerFactory.getLogger(Session.class);

  /** Forecast horizon (months) and interval level shown on the page. */
  static final int HORIZON = 3;
  static final double LEVEL = 0.8;
  private static final String ZERO_SHOT = "zero-shot";

  private final String categorizerName;
  private final String detectorName;
  private final String forecasterName;
  private final Store store;
  /** The user's payee names, kept in the store; every categorizer of this session applies them. */
  private final dev.pfms.api.categorize.PayeeMap payees;
  private final ConsentLedger ledger;
  private final ConsentGuard guard;
  private final Object lock = new Object();
  private volatile Snapshot current = null;
  private Categorizer categorizer; // guarded by lock
  private String categorizerUsed; // guarded by lock
  private boolean userTrained; // guarded by lock: trained on the user's own labels
  private boolean correctionsReplayed; // guarded by lock

  /**
   * Creates a session.
   *
   * @param categorizer the categorizer provider, or null for the preferred installed one
   * @param detector the anomaly detector provider, or null for the preferred
   * @param forecaster the forecaster provider, or null for the preferred
   * @param store where transactions, corrections and dismissals are kept
   * @param ledger the consent ledger every step checks
   */
  Session(String categorizer, String detector, String forecaster, Store store, ConsentLedger ledger) {
    this.categorizerName = categorizer;
    this.detectorName = detector;
    this.forecasterName = forecaster;
    this.store = store;
    this.ledger = ledger;
    this.guard = new ConsentGuard(ledger, Clock.systemUTC());
    this.payees = store.payeeMap(false);
  }

  /**
   * The latest results; on the first call after a start on a store that holds transactions, they
   * are analyzed first (the caller has checked consent; the pipeline checks it again).
   *
   * @return the snapshot, empty when the store holds nothing
   */
  Optional<Snapshot> snapshot() {
    Snapshot s = current;
    if (s != null) {
      return Optional.of(s);
    }
    synchronized (lock) {
      if (current == null && store.transactionCount() > 0) {
        prepareCategorizer(false);
        current = analyze(null, null, 0);
        log.info("restored {} transactions from the store", current.raw().size());
      }
      return Optional.ofNullable(current);
    }
  }

  /** Drops the in-memory analysis (after a revocation); the store keeps the data. */
  void forget() {
    synchronized (lock) {
      current = null;
    }
  }

  /**
   * Creates and trains the categorizer on the bootstrap set now (synthetic data, nobody's), if that
   * has not happened, so that the first upload does not wait for it. Failures are left for
   * {@link #load} to report.
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

  /**
   * No labels yet: the zero-shot categorizer (lexicon + category descriptions, nothing trained) when no
   * categorizer was named and it is installed; else the named one on the synthetic bootstrap set.
   */
  private void trainWithoutLabels() {
    if (categorizerName == null && Pfms.available(CategorizerProvider.class).contains(ZERO_SHOT)) {
      log.info("no labels: categorizing zero-shot (merchant lexicon + category descriptions)");
      train(Services.categorizer(ZERO_SHOT, payees), List.of(), false);
    } else {
      train(Services.categorizer(categorizerName, payees), Services.bootstrapTrainingSet(), false);
    }
  }

  private void train(Services.Named<Categorizer> c, List<Transaction> training, boolean usersData) {
    long t0 = System.nanoTime();
    if (usersData) {
      guard.categorizer(c.service(), LocalConsent.SUBJECT).train(training);
    } else {
      c.service().train(training);
    }
    log.info("trained categorizer {} on {} transactions in {} ms", c.name(), training.size(),
        (System.nanoTime() - t0) / 1_000_000);
    categorizer = c.service();
    categorizerUsed = c.name();
    userTrained = usersData;
    correctionsReplayed = false;
  }

  /**
   * Makes the categorizer ready: trained on the user's stored labels when there are any (and
   * {@code retrain} or not yet trained on them), else zero-shot or on the bootstrap set; then the
   * stored corrections are replayed into it once.
   */
  private void prepareCategorizer(boolean retrain) {
    List<Transaction> labelled = new ArrayList<>();
    Set<String> correctedIds = new HashSet<>();
    for (CorrectionStore.Correction c : store.corrections().all()) {
      correctedIds.add(c.transactionId());
    }
    for (StoredTransaction st : store.transactions()) {
      if (st.categorySource() == CategorySource.USER && !correctedIds.contains(st.id())) {
        labelled.add(st.transaction());
      }
    }
    if (!labelled.isEmpty() && (retrain || !userTrained)) {
      boolean fresh = categorizer == null || (categorizerName == null && ZERO_SHOT.equals(categorizerUsed));
      Services.Named<Categorizer> c = fresh ? Services.categorizer(categorizerName, payees)
          : new Services.Named<>(categorizerUsed, categorizer);
      train(c, labelled, true);
    } else if (categorizer == null) {
      trainWithoutLabels();
    }
    if (!correctionsReplayed) {
      Categorizer guarded = guard.categorizer(categorizer, LocalConsent.SUBJECT);
      for (CorrectionStore.Correction c : store.corrections().all()) {
        guarded.correct(c.toTransaction(), c.category());
      }
      correctionsReplayed = true;
    }
  }

  /**
   * Ingests an export, adds its new transactions to the store and analyzes everything stored. The
   * categorizer (and the corrections it learned) is kept; it is trained on the user's labels (a
   * labelled export's categories are the user's, per the store) when the upload brought new ones.
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
      // the analysis is checked before anything is stored, so a file that cannot be analyzed is not kept
      List<Transaction> incoming = report.transactions();
      if (store.transactionCount() == 0) {
        analyzeTrial(incoming);
      }
      ImportResult imported = store.importStatement(source.name(), incoming, report.problems());
      boolean newLabels = imported.added() > 0 && incoming.stream().anyMatch(t -> t.category() != null);
      prepareCategorizer(newLabels);
      Snapshot s = analyze(report, imported, 0);
      log.info("imported {} transactions ({} added, {} already stored, {} rejected) as {}", incoming.size(),
          imported.added(), imported.skipped(), imported.rejected().size(), report.format());
      current = s;
      return s;
    }
  }

  /** Refuses (ModelException) a first upload the detector or forecaster cannot analyze, before it is stored. */
  private void analyzeTrial(List<Transaction> incoming) {
    if (categorizer == null) {
      trainWithoutLabels();
    }
    List<Transaction> raw = incoming.stream().map(t -> t.withCategory(null)).toList();
    Services.Named<AnomalyDetector> det = Services.create(AnomalyDetectorProvider.class, detectorName);
    Services.Named<Forecaster> fc = Services.spendingForecaster(forecasterName);
    Pipeline.builder().categorizer(categorizer).anomalyDetector(det.service()).forecaster(fc.service())
        .transfers(TransferMatcher.withDefaults()).horizon(HORIZON).level(LEVEL)
        .consent(ledger, LocalConsent.SUBJECT).build().run(raw);
  }

  /**
   * Records a user's correction in the store, teaches it to the categorizer and re-analyzes, so
   * that other transactions the correction implies (e.g. the same merchant) update too.
   *
   * @param transactionId the transaction
   * @param category the right category
   * @return the new snapshot
   * @throws NoSuchElementException when no such transaction is stored
   */
  Snapshot correct(String transactionId, Category category) {
    synchronized (lock) {
      Snapshot s = snapshot().orElse(null);
      Integer i = s == null ? null : s.index().get(transactionId);
      if (i == null) {
        throw new NoSuchElementException("no transaction with id " + transactionId);
      }
      Transaction t = s.raw().get(i);
      guard.categorizer(categorizer, LocalConsent.SUBJECT).correct(t, category);
      store.corrections().add(CorrectionStore.Correction.of(t, category, Instant.now()));
      if (!t.merchant().isEmpty()) {
        store.learnPayee(t.merchant(), category, Instant.now());
      }
      Snapshot next = analyze(s.report(), s.lastImport(), 0);
      int changed = 0;
      for (int k = 0; k < s.raw().size(); k++) {
        Integer j = next.index().get(s.raw().get(k).id());
        if (j != null && !next.result().transactions().get(j).category().equals(s.result().transactions().get(k).category())) {
          changed++;
        }
      }
      log.info("correction applied to {}: {} transactions changed category", transactionId, changed);
      next = next.withChanged(changed);
      current = next;
      return next;
    }
  }

  /**
   * Names the payee of a transaction's merchant (every description like it then shows that payee and
   * is categorized as it), kept in the store, and re-analyzes.
   *
   * @param transactionId the transaction
   * @param payee the canonical payee
   * @param confirm a confirmation rather than a correction
   * @return the new snapshot
   * @throws NoSuchElementException when no such transaction is stored
   * @throws IllegalArgumentException when the payee is blank or the description has no words
   */
  Snapshot teachPayee(String transactionId, String payee, boolean confirm) {
    synchronized (lock) {
      Snapshot s = snapshot().orElse(null);
      Integer i = s == null ? null : s.index().get(transactionId);
      if (i == null) {
        throw new NoSuchElementException("no transaction with id " + transactionId);
      }
      guard.require(LocalConsent.SUBJECT, dev.pfms.api.model.Purpose.STORAGE);
      payees.teach(s.raw().get(i), payee, confirm ? dev.pfms.api.categorize.PayeeMap.Source.CONFIRMATION
          : dev.pfms.api.categorize.PayeeMap.Source.CORRECTION);
      Snapshot next = analyze(s.report(), s.lastImport(), 0);
      current = next;
      return next;
    }
  }

  /**
   * Dismisses (or restores) a transaction's anomaly flag, remembered in the store.
   *
   * @param transactionId the transaction
   * @param dismiss true to dismiss as "not unusual", false to restore the flag
   * @return the new snapshot
   * @throws NoSuchElementException when no such transaction is stored
   */
  Snapshot dismiss(String transactionId, boolean dismiss) {
    synchronized (lock) {
      Snapshot s = snapshot().orElse(null);
      if (s == null || !s.index().containsKey(transactionId)) {
        throw new NoSuchElementException("no transaction with id " + transactionId);
      }
      if (dismiss) {
        store.dismissAnomaly(transactionId, Instant.now());
      } else {
        store.restoreAnomaly(transactionId);
      }
      Snapshot next = s.withDismissed(Set.copyOf(store.dismissedAnomalies()));
      current = next;
      return next;
    }
  }

  /** The transfer matcher, with the user's confirmed and rejected pairs from the store. */
  private TransferMatcher matcher() {
    return TransferMatcher.builder()
        .decisions(dev.pfms.core.transfer.TransferDecisions.of(store.transferDecisions())).build();
  }

  /**
   * Confirms, rejects or forgets the user's decision on a transfer pair, remembered in the store, and
   * re-analyzes: a confirmed pair is one transfer (neither spending nor income), a rejected one never.
   *
   * @param outId the money-out leg
   * @param inId the money-in leg
   * @param confirmed true to confirm, false to reject, null to forget the decision
   * @return the new snapshot
   * @throws NoSuchElementException when either transaction is not stored
   * @throws IllegalArgumentException when the legs do not go out and in
   */
  Snapshot decideTransfer(String outId, String inId, Boolean confirmed) {
    synchronized (lock) {
      Snapshot s = snapshot().orElse(null);
      Integer o = s == null ? null : s.index().get(outId);
      Integer n = s == null ? null : s.index().get(inId);
      if (o == null || n == null) {
        throw new NoSuchElementException("no transaction with id " + (o == null ? outId : inId));
      }
      if (s.raw().get(o).amount().signum() >= 0 || s.raw().get(n).amount().signum() <= 0) {
        throw new IllegalArgumentException("a transfer pairs money out (first id) with money in (second id)");
      }
      if (confirmed == null) {
        store.forgetTransferDecision(outId, inId);
      } else {
        store.decideTransfer(new dev.pfms.api.store.TransferDecision(outId, inId, confirmed, Instant.now()));
      }
      Snapshot next = analyze(s.report(), s.lastImport(), 0);
      current = next;
      return next;
    }
  }

  private Snapshot analyze(IngestReport report, ImportResult lastImport, int changed) {
    long t0 = System.nanoTime();
    List<StoredTransaction> stored = store.transactions();
    Map<String, Category> userCategories = new HashMap<>();
    List<Transaction> raw = new ArrayList<>(stored.size());
    for (StoredTransaction st : stored) {
      raw.add(st.transaction().withCategory(null));
      if (st.categorySource() == CategorySource.USER && st.transaction().category() != null) {
        userCategories.put(st.id(), st.transaction().category());
      }
    }
    Set<String> corrected = new HashSet<>();
    for (CorrectionStore.Correction c : store.corrections().all()) {
      corrected.add(c.transactionId());
    }
    Services.Named<AnomalyDetector> det = Services.create(AnomalyDetectorProvider.class, detectorName);
    Services.Named<Forecaster> fc = Services.spendingForecaster(forecasterName);
    Services.Named<Forecaster> flow = Services.create(ForecasterProvider.class, forecasterName);
    UserFirst categorize = new UserFirst(categorizer, userCategories);
    Pipeline pipeline = Pipeline.builder().categorizer(categorize)
        .anomalyDetector(det.service()).forecaster(fc.service()).transfers(matcher())
        .horizon(HORIZON).level(LEVEL).consent(ledger, LocalConsent.SUBJECT).build();
    AnalysisResult result = runByCurrency(pipeline, categorize, raw);
    Forecaster guardedFc = guard.forecaster(fc.service(), LocalConsent.SUBJECT);
    // the monthly total of spending (transfers excluded), last (partial) month left out like the per-category forecasts
    String main = Snapshot.mainCurrency(raw);
    TimeSeries history = result.spending().monthlyTotal(result.transactions().stream()
        .filter(t -> t.amount().currency().getCurrencyCode().equals(main)).toList()).orElse(null);
    Forecast totalForecast = history == null || history.size() < 2 ? null : guardedFc.forecast(history, HORIZON, LEVEL);
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < raw.size(); k++) {
      index.put(raw.get(k).id(), k);
    }
    Map<String, TransferMatch> transfers = new HashMap<>();
    for (TransferMatch m : result.transfers()) {
      transfers.put(m.outId(), m);
      transfers.put(m.inId(), m);
    }
    log.debug("analyzed {} transactions in {} ms", raw.size(), (System.nanoTime() - t0) / 1_000_000);
    return new Snapshot(report, lastImport, raw, result, index, history, totalForecast, categorizerUsed, det.name(),
        fc.name(), Set.copyOf(corrected), Set.copyOf(store.dismissedAnomalies()), Map.copyOf(transfers), changed,
        guardedFc, guard.forecaster(flow.service(), LocalConsent.SUBJECT), store.location());
  }

  /**
   * The pipeline over the transactions in the main currency (the pipeline, like sums, is defined for
   * one currency: ADR 0010); rows in other currencies are categorized (through the consent guard) but
   * neither scored nor forecast, and the page counts them instead of adding them. Positions stay
   * aligned with {@code raw}.
   */
  private AnalysisResult runByCurrency(Pipeline pipeline, Categorizer categorize, List<Transaction> raw) {
    String main = Snapshot.mainCurrency(raw);
    List<Transaction> inMain = new ArrayList<>();
    List<Transaction> others = new ArrayList<>();
    for (Transaction t : raw) {
      (t.amount().currency().getCurrencyCode().equals(main) ? inMain : others).add(t);
    }
    if (others.isEmpty()) {
      return pipeline.run(raw);
    }
    AnalysisResult r = pipeline.run(inMain);
    List<Prediction> otherPredictions = guard.categorizer(categorize, LocalConsent.SUBJECT).categorizeAll(others);
    List<Transaction> txs = new ArrayList<>(raw.size());
    List<Prediction> predictions = new ArrayList<>(raw.size());
    List<AnomalyScore> scores = new ArrayList<>(raw.size());
    int m = 0;
    int o = 0;
    for (Transaction t : raw) {
      if (t.amount().currency().getCurrencyCode().equals(main)) {
        txs.add(r.transactions().get(m));
        predictions.add(r.predictions().get(m));
        scores.add(r.anomalies().get(m));
        m++;
      } else {
        Prediction p = otherPredictions.get(o++);
        txs.add(t.withCategory(p.category()));
        predictions.add(p);
        scores.add(new AnomalyScore(t.id(), 0.0, false, List.of()));
      }
    }
    log.info("{} transactions not in {} were categorized but not scored or forecast", others.size(), main);
    return new AnalysisResult(txs, predictions, scores, r.forecasts(), r.transfers());
  }

  /** Where the data lives, for the page. */
  String storeLocation() {
    return store.location();
  }

  /**
   * The user's own categories first (corrections and a labelled export's categories, from the
   * store), the model for the rest.
   */
  private record UserFirst(Categorizer delegate, Map<String, Category> user) implements Categorizer {

    @Override
    public ModelMetadata train(List<Transaction> labelled) {
      return delegate.train(labelled);
    }

    @Override
    public ModelMetadata train(List<Transaction> labelled, Collection<Category> categories) {
      return delegate.train(labelled, categories);
    }

    @Override
    public Prediction categorize(Transaction t) {
      Category c = user.get(t.id());
      return c != null ? yours(c) : delegate.categorize(t);
    }

    @Override
    public List<Prediction> categorizeAll(List<Transaction> transactions) {
      List<Transaction> rest = new ArrayList<>();
      for (Transaction t : transactions) {
        if (!user.containsKey(t.id())) {
          rest.add(t);
        }
      }
      List<Prediction> model = rest.isEmpty() ? List.of() : delegate.categorizeAll(rest);
      List<Prediction> out = new ArrayList<>(transactions.size());
      int k = 0;
      for (Transaction t : transactions) {
        Category c = user.get(t.id());
        out.add(c != null ? yours(c) : model.get(k++));
      }
      return out;
    }

    private static Prediction yours(Category c) {
      return new Prediction(c, 1.0, List.of(), List.of("your category"), false, "you");
    }

    @Override
    public void correct(Transaction transaction, Category category) {
      delegate.correct(transaction, category);
    }

    @Override
    public ModelMetadata retrain() {
      return delegate.retrain();
    }

    @Override
    public Optional<ModelMetadata> metadata() {
      return delegate.metadata();
    }

    @Override
    public void save(Path directory) throws IOException {
      delegate.save(directory);
    }
  }

  /**
   * One immutable state of the analysis.
   *
   * @param report the ingest report of the last upload (null after a restart)
   * @param lastImport what the last upload added to the store (null after a restart)
   * @param raw the stored transactions without categories, by date then id
   * @param result the pipeline's output, index-aligned with {@code raw}
   * @param index transaction id to position
   * @param totalHistory monthly money out, all categories (null when there is no full month)
   * @param totalForecast its forecast (null when the history is too short)
   * @param categorizer the categorizer's provider name
   * @param detector the detector's provider name
   * @param forecaster the forecaster's provider name
   * @param corrected ids of the transactions the user corrected (from the store)
   * @param dismissed ids whose anomaly flag the user dismissed (from the store)
   * @param transfers matched transfer pairs by the id of either leg
   * @param lastChanged how many transactions the last correction changed
   * @param spendingForecaster the non-negative forecaster for spending series (consent-guarded)
   * @param flowForecaster the forecaster for net flows (consent-guarded)
   * @param storeLocation where the store is
   */
  record Snapshot(IngestReport report, ImportResult lastImport, List<Transaction> raw, AnalysisResult result,
      Map<String, Integer> index, TimeSeries totalHistory, Forecast totalForecast, String categorizer, String detector,
      String forecaster, Set<String> corrected, Set<String> dismissed, Map<String, TransferMatch> transfers,
      int lastChanged, Forecaster spendingForecaster, Forecaster flowForecaster, String storeLocation) {

    Snapshot withChanged(int changed) {
      return new Snapshot(report, lastImport, raw, result, index, totalHistory, totalForecast, categorizer, detector,
          forecaster, corrected, dismissed, transfers, changed, spendingForecaster, flowForecaster, storeLocation);
    }

    Snapshot withDismissed(Set<String> d) {
      return new Snapshot(report, lastImport, raw, result, index, totalHistory, totalForecast, categorizer, detector,
          forecaster, corrected, d, transfers, lastChanged, spendingForecaster, flowForecaster, storeLocation);
    }

    /** The currency most transactions are in (ties: alphabetical), GBP when empty. */
    String mainCurrency() {
      return mainCurrency(raw);
    }

    static String mainCurrency(List<Transaction> raw) {
      Map<String, Integer> n = new java.util.TreeMap<>();
      for (Transaction t : raw) {
        n.merge(t.amount().currency().getCurrencyCode(), 1, Integer::sum);
      }
      return n.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse("GBP");
    }

    /** Whether the row is flagged and not dismissed by the user. */
    boolean flagged(int i) {
      return result.anomalies().get(i).flagged() && !dismissed.contains(raw.get(i).id());
    }

    List<Integer> flaggedByScore() {
      List<Integer> flagged = new ArrayList<>();
      for (int k = 0; k < result.anomalies().size(); k++) {
        if (flagged(k)) {
          flagged.add(k);
        }
      }
      List<AnomalyScore> a = result.anomalies();
      flagged.sort((x, y) -> Double.compare(a.get(y).score(), a.get(x).score()));
      return flagged;
    }
  }
}
