package dev.pfms.examples.cli;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.pipeline.AnalysisResult;
import dev.pfms.api.pipeline.Pipeline;
import dev.pfms.api.money.Spending;
import dev.pfms.core.transfer.TransferMatcher;
import dev.pfms.core.sample.SampleTruth;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.examples.support.LocalConsent;
import dev.pfms.examples.support.Services;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.crypto.ledger.HashChainConsentLedger;
import java.time.Clock;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Ingests a bank export, categorizes it, flags anomalies and forecasts next month's spending. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Ingest a bank export, categorize it, flag anomalies and forecast next month per category.")
final class AnalyzeCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", description = "the bank export (CSV, OFX, QIF, CAMT.053, MT940);"
      + " or --db to analyze the store instead")
  Path file;

  @picocli.CommandLine.Mixin StoreOption store;

  @Option(names = "--truth", description = "ground truth (truth.csv) to train on the first part and score the rest;"
      + " default: truth.csv beside the file when present")
  Path truth;

  @Spec
  CommandSpec spec;

  double trainFraction;

  @Option(names = "--train-fraction", defaultValue = "0.5", paramLabel = "F",
      description = "share of the history (by date) whose true labels train the categorizer, strictly between 0"
          + " and 1 (default: ${DEFAULT-VALUE})")
  void trainFraction(double value) {
    Flags.require(spec, value > 0 && value < 1, "--train-fraction must be strictly between 0 and 1, e.g. 0.5; got "
        + value);
    trainFraction = value;
  }

  @Option(names = "--categorizer", description = "categorizer provider (default: the preferred installed one)")
  String categorizerName;

  @Option(names = "--detector", description = "anomaly detector provider (default: the preferred installed one)")
  String detectorName;

  @Option(names = "--forecaster", description = "forecaster provider (default: the preferred installed one)")
  String forecasterName;

  @Option(names = {"-o", "--ingest-option"}, paramLabel = "KEY=VALUE",
      description = "an option of the ingestor that reads the file, repeatable, e.g. -o dayFirst=true, -o decimal=, "
          + "or -o profile=gls (see ./pfms providers; day-first and dayFirst both work)")
  java.util.Map<String, String> ingestOptions = new java.util.LinkedHashMap<>();

  @Option(names = "--currency", description = "ISO 4217 currency for files that name none, e.g. EUR")
  String currency;

  @Option(names = "--account", description = "account name or number for files that name none")
  String account;

  @Option(names = "--format", description = "ingestor to use (csv, ofx, qif, camt053, mt940; default: detected)")
  String format;

  int top;

  @Option(names = "--top", defaultValue = "10", paramLabel = "N",
      description = "how many anomalies to list, 0 or more (default: ${DEFAULT-VALUE})")
  void top(int value) {
    Flags.require(spec, value >= 0, "--top must be 0 or more; got " + value);
    top = value;
  }

  private static final String ZERO_SHOT = "zero-shot";

  /** The consent options, shared with the store commands. */
  @picocli.CommandLine.Mixin
  ConsentOption consentOptions;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    if (store.db != null) {
      return callStore();
    }
    if (file == null) {
      throw new IllegalArgumentException("give the bank export FILE to analyze, or --db DB to analyze the store");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    Path cdir = consentOptions.consentDir != null ? consentOptions.consentDir : LocalConsent.defaultDirectory();
    try (HashChainConsentLedger ledger = LocalConsent.open(cdir, consentOptions.insecureDevKey)) {
      LocalConsent.ensure(ledger, cdir, "yes".equalsIgnoreCase(consentOptions.consent), err);
      return analyze(new ConsentGuard(ledger, Clock.systemUTC()), ledger);
    }
  }

  private int analyze(ConsentGuard guard, ConsentLedger ledger) throws Exception {
    long started = System.nanoTime();
    IngestSource source = IngestSource.of(file);
    Ingestor ingestor = IngestOptions.ingestor(source, format, ingestOptions, currency, account);
    step("ingesting " + file.getFileName() + " as " + ingestor.format());
    IngestReport report = ingestor.ingest(source);
    List<Transaction> txs = report.transactions();
    if (txs.isEmpty()) {
      throw new IllegalArgumentException(file + ": no transactions could be read; " + report.problems().size()
          + " problems" + (report.problems().isEmpty() ? "" : ", first: " + report.problems().get(0)));
    }

    Path truthFile = truth != null ? truth : siblingTruth();
    SampleTruth groundTruth = truthFile != null ? SampleTruth.read(truthFile) : null;

    List<Transaction> training = trainingSet(txs, groundTruth);
    boolean zeroShot = training.isEmpty() && categorizerName == null
        && Pfms.available(CategorizerProvider.class).contains(ZERO_SHOT);
    if (training.isEmpty() && !zeroShot) {
      step("no labels found: bootstrapping the categorizer on 12 months of synthetic data");
      training = Services.bootstrapTrainingSet();
    }
    Services.Named<Categorizer> categorizer = Services.create(CategorizerProvider.class,
        zeroShot ? ZERO_SHOT : categorizerName);
    Services.Named<AnomalyDetector> detector = Services.create(AnomalyDetectorProvider.class, detectorName);
    Services.Named<Forecaster> forecaster = Services.spendingForecaster(forecasterName);
    String catName = categorizer.name();
    String detName = detector.name();
    String fcName = forecaster.name();
    if (zeroShot) {
      step("no labels found: categorizing zero-shot (merchant lexicon + category descriptions), no model trained;"
          + " rows it is unsure of need review");
    } else {
      step("training " + catName + " on " + training.size() + " labelled transactions");
    }
    // every step, training included, checks the user's consent first
    guard.categorizer(categorizer.service(), LocalConsent.SUBJECT).train(training);

    Pipeline pipeline = Pipeline.builder().transfers(TransferMatcher.withDefaults()).categorizer(categorizer.service())
        .anomalyDetector(detector.service())
        .forecaster(forecaster.service())
        .progress(this::step).consent(ledger, LocalConsent.SUBJECT).build();
    AnalysisResult result = pipeline.run(txs);
    step(String.format("done in %.1f s", (System.nanoTime() - started) / 1e9));

    printHeader(report, catName, detName, fcName);
    printCategorization(result, groundTruth);
    printSpending(result);
    printAnomalies(result, groundTruth);
    return 0;
  }

  private Path siblingTruth() {
    Path p = file.toAbsolutePath().getParent().resolve("truth.csv");
    return Files.isRegularFile(p) && !p.equals(file.toAbsolutePath()) ? p : null;
  }

  /** The user's labelled past: the file's own labels, or truth for the first part of the history; may be empty. */
  private List<Transaction> trainingSet(List<Transaction> txs, SampleTruth groundTruth) {
    if (txs instanceof dev.pfms.api.model.CompactTransactions c) {
      // a long history: the labelled rows as a compact list, not a copy of each row (ADR 0026)
      dev.pfms.api.model.CompactTransactions labelled = c.select(i -> c.category(i) != null);
      if (!labelled.isEmpty()) {
        return labelled;
      }
    }
    List<Transaction> labelled = new ArrayList<>();
    for (Transaction t : txs) {
      if (t.category() != null) {
        labelled.add(t);
      }
    }
    if (!labelled.isEmpty()) {
      return labelled;
    }
    if (groundTruth != null) {
      LocalDate cut = cutDate(txs);
      for (Transaction t : txs) {
        if (t.bookingDate().isBefore(cut)) {
          groundTruth.of(t).ifPresent(row -> labelled.add(t.withCategory(row.category())));
        }
      }
      if (!labelled.isEmpty()) {
        return labelled;
      }
    }
    return List.of();
  }

  /** The accounts, sorted; past ten, the first ten and how many more (an export of hundreds stays one line). */
  static String accountList(List<Transaction> txs) {
    List<String> all = txs.stream().map(Transaction::account).distinct().sorted().toList();
    return all.size() <= 10 ? all.toString()
        : "[" + String.join(", ", all.subList(0, 10)) + " and " + (all.size() - 10) + " more]";
  }

  private LocalDate cutDate(List<Transaction> txs) {
    LocalDate min = txs.stream().map(Transaction::bookingDate).min(LocalDate::compareTo).orElseThrow();
    LocalDate max = txs.stream().map(Transaction::bookingDate).max(LocalDate::compareTo).orElseThrow();
    long days = java.time.temporal.ChronoUnit.DAYS.between(min, max);
    return min.plusDays(Math.round(days * trainFraction));
  }

  private void printHeader(IngestReport report, String cat, String det, String fc) {
    List<Transaction> txs = report.transactions();
    out.println();
    out.println("pfms analysis of " + report.source());
    out.println("=".repeat(60));
    out.printf("transactions   %d read, %d rejected, %d warning(s), %d duplicates skipped (format %s)%n", txs.size(),
        report.errors().size(), report.warnings().size(), report.duplicatesSkipped(), report.format());
    out.printf("period         %s to %s, accounts %s%n",
        txs.stream().map(Transaction::bookingDate).min(LocalDate::compareTo).orElseThrow(),
        txs.stream().map(Transaction::bookingDate).max(LocalDate::compareTo).orElseThrow(),
        accountList(txs));
    out.printf("providers      categorizer %s, anomalies %s, forecast %s%n", cat, det, fc);
    for (IngestProblem p : report.problems().subList(0, Math.min(5, report.problems().size()))) {
      out.println((p.isError() ? "  rejected: " : "  note:     ") + p);
    }
  }

  private void printCategorization(AnalysisResult r, SampleTruth groundTruth) {
    out.println();
    out.println("Categorization");
    out.println("-".repeat(60));
    long review = r.predictions().stream().filter(Prediction::needsReview).count();
    out.printf("needs review   %d of %d (%.1f%%)%n", review, r.predictions().size(), 100.0 * review / r.predictions().size());
    if (groundTruth != null) {
      // merchants never seen in training (injected into sample_data) must be left for review, not guessed
      LocalDate heldOut = cutDate(r.transactions());
      int fresh = 0;
      int freshReview = 0;
      for (int i = 0; i < r.transactions().size(); i++) {
        Transaction t = r.transactions().get(i);
        if (!t.bookingDate().isBefore(heldOut) && groundTruth.of(t)
            .map(row -> row.anomalyReason().startsWith("new_merchant")).orElse(false)) {
          fresh++;
          freshReview += r.predictions().get(i).needsReview() ? 1 : 0;
        }
      }
      if (fresh > 0) {
        out.printf("new merchants  %d of %d never-seen merchants (injected, held out) need review%n", freshReview,
            fresh);
      }
      LocalDate cut = cutDate(r.transactions());
      int n = 0;
      int right = 0;
      for (int i = 0; i < r.transactions().size(); i++) {
        Transaction t = r.transactions().get(i);
        if (!t.bookingDate().isBefore(cut)) {
          var row = groundTruth.of(t);
          if (row.isPresent()) {
            n++;
            if (row.get().category().equals(r.predictions().get(i).category())) {
              right++;
            }
          }
        }
      }
      if (n > 0) {
        out.printf("accuracy       %.1f%% on %d held-out transactions from %s on (trained on the earlier %.0f%%)%n",
            100.0 * right / n, n, cut, trainFraction * 100);
      }
    }
    out.println("examples:");
    for (int i = 0; i < Math.min(5, r.transactions().size()); i++) {
      int k = (int) ((long) i * r.transactions().size() / 5);
      Transaction t = r.transactions().get(k);
      Prediction p = r.predictions().get(k);
      out.printf("  %-40s -> %-34s %3.0f%%  %s%n", clip(t.description(), 40), p.category().code(), p.confidence() * 100,
          p.explanation().isEmpty() ? "" : clip(p.explanation().get(0), 50));
    }
  }

  private void printSpending(AnalysisResult r) {
    List<YearMonth> months = SpendingMonths.of(r.transactions());
    boolean full = SpendingMonths.full(r.transactions(), months);
    out.println();
    out.println("Spending by category (money out, transfers between your own accounts excluded), "
        + SpendingMonths.describe(r.transactions(), months) + ", and next-month forecast");
    out.println("-".repeat(60));
    Spending spending = r.spending();
    long internal = r.transactions().stream().filter(spending::isInternal).count();
    out.printf("transfers      %d pairs matched between your own accounts; %d transactions not counted as"
        + " spending or income%n", r.transfers().size(), internal);
    Map<String, BigDecimal[]> byCat = new TreeMap<>();
    for (Transaction t : r.transactions()) {
      if (!spending.isSpending(t) || t.category() == null) {
        continue;
      }
      int idx = months.indexOf(YearMonth.from(t.bookingDate()));
      if (idx >= 0) {
        BigDecimal[] a = byCat.computeIfAbsent(t.category().primary(),
            k -> zeros(months.size()));
        a[idx] = a[idx].add(t.amount().amount().negate());
      }
    }
    String cur = r.transactions().get(0).amount().currency().getCurrencyCode();
    StringBuilder head = new StringBuilder(String.format("%-28s", "category (" + cur + ")"));
    for (YearMonth m : months) {
      head.append(String.format(" %10s", m));
    }
    YearMonth next = months.get(months.size() - 1).plusMonths(1);
    out.println(head.append(String.format("   %-28s", "forecast " + next + " [80% interval]")));
    Taxonomy tax = Taxonomy.standard();
    byCat.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, BigDecimal[]> e) -> e.getValue()[months.size() - 1])
            .reversed())
        .forEach(e -> {
          Forecast f = r.forecasts().get(e.getKey());
          String fc = "";
          if (f != null && !f.points().isEmpty()) {
            ForecastPoint p = f.points().get(0);
            fc = String.format("%9s [%s, %s]", round(p.mean()), round(p.lower()), round(p.upper()));
          }
          StringBuilder line = new StringBuilder(String.format("%-28s", clip(tax.label(Category.of(e.getKey())), 28)));
          for (BigDecimal v : e.getValue()) {
            line.append(String.format(" %10s", round(v)));
          }
          out.println(line.append("   ").append(fc));
        });
    if (!full) {
      out.println("  (no full calendar month in the file: the columns are the partial months it covers)");
    }
  }

  private static BigDecimal[] zeros(int n) {
    BigDecimal[] a = new BigDecimal[n];
    java.util.Arrays.fill(a, BigDecimal.ZERO);
    return a;
  }

  private void printAnomalies(AnalysisResult r, SampleTruth groundTruth) {
    out.println();
    out.println("Unusual transactions");
    out.println("-".repeat(60));
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < r.anomalies().size(); i++) {
      if (r.anomalies().get(i).flagged()) {
        flagged.add(i);
      }
    }
    flagged.sort(Comparator.comparingDouble((Integer i) -> r.anomalies().get(i).score()).reversed());
    out.printf("flagged        %d of %d%n", flagged.size(), r.anomalies().size());
    if (groundTruth != null) {
      long injected = r.transactions().stream().filter(t -> groundTruth.of(t).map(SampleTruth.Row::anomaly).orElse(false)).count();
      long hits = flagged.stream().filter(i -> groundTruth.of(r.transactions().get(i)).map(SampleTruth.Row::anomaly)
          .orElse(false)).count();
      out.printf("vs truth       %d of %d injected anomalies flagged (recall %.0f%%), precision %.0f%%%n", hits, injected,
          injected == 0 ? 0.0 : 100.0 * hits / injected, flagged.isEmpty() ? 0.0 : 100.0 * hits / flagged.size());
    }
    for (int i : flagged.subList(0, Math.min(top, flagged.size()))) {
      Transaction t = r.transactions().get(i);
      AnomalyScore s = r.anomalies().get(i);
      out.printf("  %s %12s  %-34s %s%n", t.bookingDate(), t.amount(), clip(t.description(), 34),
          s.reasons().isEmpty() ? "" : s.reasons().get(0));
    }
  }

  private void step(String message) {
    err.println("[pfms] " + message);
  }

  private static String round(BigDecimal v) {
    return v.setScale(0, RoundingMode.HALF_UP).toPlainString();
  }

  private static String clip(String s, int n) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() <= n ? t : t.substring(0, n - 1) + "…";
  }

  // ---------------------------------------------------------------------------------------------
  // analyze --db: what is in the store (kept apart from the file analysis above)

  private int callStore() throws Exception {
    if (file != null) {
      throw new IllegalArgumentException("give a FILE or --db, not both ('pfms import FILE --db DB' adds a file to the"
          + " store)");
    }
    List<dev.pfms.api.model.Purpose> purposes = new ArrayList<>(LocalConsent.PURPOSES);
    purposes.add(dev.pfms.api.model.Purpose.STORAGE);
    try (ConsentOption.Consented c = consentOptions.ensure(purposes, "to analyze the transactions in your store", err)) {
      return analyzeStore(c.guard(), c.ledger(), c.keys());
    }
  }

  private int analyzeStore(ConsentGuard guard, ConsentLedger ledger, dev.pfms.examples.support.LocalKeys keys)
      throws Exception {
    long started = System.nanoTime();
    try (dev.pfms.api.store.Store s = store.open(keys.protector())) {
      guard.require(LocalConsent.SUBJECT, dev.pfms.api.model.Purpose.STORAGE);
      step("reading the store " + s.location());
      List<dev.pfms.api.store.StoredTransaction> stored = s.transactions();
      if (stored.isEmpty()) {
        throw new IllegalArgumentException("the store " + s.location() + " holds no transactions yet: 'pfms import FILE"
            + " --db " + store.location() + "' adds some");
      }
      Map<String, dev.pfms.api.store.StoredTransaction> byId = new java.util.HashMap<>();
      List<Transaction> txs = new ArrayList<>(stored.size());
      List<Transaction> userLabelled = new ArrayList<>();
      long open = 0;
      for (dev.pfms.api.store.StoredTransaction st : stored) {
        byId.put(st.id(), st);
        txs.add(st.transaction());
        if (st.categorySource() == null) {
          open++;
        } else if (st.categorySource() == dev.pfms.api.store.CategorySource.USER) {
          userLabelled.add(st.transaction());
        }
      }
      Categorizer fallback = null;
      String fallbackName = "-";
      if (open > 0) {
        java.util.Optional<ModelSupport.Loaded> active = ModelSupport.active(s, keys);
        if (active.isPresent() && categorizerName == null) {
          fallback = active.get().categorizer();
          fallbackName = active.get().record().label() + " (" + active.get().record().metadata().provider() + ")";
          step(open + " transactions without a category: categorizing them with the active model " + fallbackName);
        } else {
          Services.Named<Categorizer> c = Services.categorizer(categorizerName, s.payeeMap(false));
          List<Transaction> training = new ArrayList<>(userLabelled);
          for (Transaction t : s.corrections().asTrainingExamples()) {
            training.add(t);
          }
          if (training.size() < RetrainCommand.MIN_USER_LABELS) {
            step(training.size() + " user labels: adding 12 months of synthetic labelled data");
            training.addAll(Services.bootstrapTrainingSet());
          }
          step(open + " transactions without a category: training " + c.name() + " on " + training.size() + " rows"
              + " (not saved: 'pfms retrain' registers a model)");
          guard.categorizer(c.service(), LocalConsent.SUBJECT).train(training);
          fallback = c.service();
          fallbackName = c.name();
        }
      }
      Services.Named<AnomalyDetector> detector = Services.create(AnomalyDetectorProvider.class, detectorName);
      Services.Named<Forecaster> forecaster = Services.spendingForecaster(forecasterName);
      // the user's confirmed and rejected transfer pairs (remembered by the dashboard) decide first
      Pipeline pipeline = Pipeline.builder().transfers(TransferMatcher.builder()
              .decisions(dev.pfms.core.transfer.TransferDecisions.of(s.transferDecisions())).build())
          .categorizer(new StoredCategorizer(byId, fallback)).anomalyDetector(detector.service())
          .forecaster(forecaster.service()).progress(this::step).consent(ledger, LocalConsent.SUBJECT).build();
      AnalysisResult result = pipeline.run(txs);
      java.util.Set<String> dismissed = s.dismissedAnomalies();
      List<AnomalyScore> scores = new ArrayList<>();
      int hidden = 0;
      for (AnomalyScore a : result.anomalies()) {
        if (a.flagged() && dismissed.contains(a.transactionId())) {
          hidden++;
          List<String> reasons = new ArrayList<>(a.reasons());
          reasons.add("dismissed by you");
          scores.add(new AnomalyScore(a.transactionId(), a.score(), false, reasons));
        } else {
          scores.add(a);
        }
      }
      result = new AnalysisResult(result.transactions(), result.predictions(), scores, result.forecasts(),
          result.transfers());
      step(String.format("done in %.1f s", (System.nanoTime() - started) / 1e9));

      out.println();
      out.println("pfms analysis of the store " + s.location());
      out.println("=".repeat(60));
      out.printf("transactions   %d in %d statement(s), %s to %s, accounts %s%n", txs.size(), s.statements().size(),
          txs.stream().map(Transaction::bookingDate).min(LocalDate::compareTo).orElseThrow(),
          txs.stream().map(Transaction::bookingDate).max(LocalDate::compareTo).orElseThrow(),
          accountList(txs));
      out.printf("providers      categories from the store, the rest %s; anomalies %s, forecast %s%n", fallbackName,
          detector.name(), forecaster.name());
      Map<String, Long> provenance = new TreeMap<>();
      for (dev.pfms.api.store.StoredTransaction st : stored) {
        provenance.merge(st.categorySource() == null ? "none stored (now " + fallbackName + ")"
            : StoredCategorizer.provenance(st), 1L, Long::sum);
      }
      StringBuilder p = new StringBuilder();
      provenance.forEach((k, n) -> p.append(p.length() == 0 ? "" : ", ").append(k).append(' ').append(n));
      out.println("provenance     " + p);
      printCategorization(result, null);
      printSpending(result);
      printAnomalies(result, null);
      if (hidden > 0) {
        out.printf("  (%d more flagged but dismissed by you earlier: they stay dismissed)%n", hidden);
      }
    }
    return 0;
  }
}
