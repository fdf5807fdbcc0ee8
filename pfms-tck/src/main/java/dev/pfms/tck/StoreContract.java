package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.ModelRecord;
import dev.pfms.api.store.RuleRecord;
import dev.pfms.api.store.SeriesRecord;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoredTransaction;
import dev.pfms.api.categorize.CorrectionStore.Correction;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@code StoreProvider} passes. A subclass supplies a fresh, empty database per
 * test ({@link #createStore()}; the contract opens more handles on it as after a restart), the
 * options a second process needs ({@link #workerConfig()}) and a way to stop at an older schema
 * ({@link #createStoreAtSchema(int)}).
 *
 * <p>Besides single-process behaviour it starts second JVMs ({@link StoreWorker}) on the same
 * database: two importing overlapping statements at once, and one killed with SIGKILL in the middle
 * of a large import, after which every acknowledged statement must be complete and no statement half
 * there.
 */
public abstract class StoreContract {

  private final List<Store> opened = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();

  /**
   * A store on a fresh, empty database, the same one for every call within a test.
   *
   * @return the store (closed by the contract)
   */
  protected abstract Store createStore();

  /**
   * A store on the test's database migrated only to {@code version}.
   *
   * @param version the schema version
   * @return the store (closed by the contract)
   */
  protected abstract Store createStoreAtSchema(int version);

  /**
   * The provider's name.
   *
   * @return e.g. {@code "sqlite"}
   */
  protected abstract String providerName();

  /**
   * String options that open the test's database in another process.
   *
   * @return option names to values
   */
  protected abstract Map<String, String> workerConfig();

  /**
   * A store on the test's database.
   *
   * @return the store
   */
  protected final Store open() {
    Store s = createStore();
    opened.add(s);
    return s;
  }

  /**
   * Another handle on the test's database (as after a restart).
   *
   * @return the store
   */
  protected final Store openAgain() {
    return open();
  }

  @AfterEach
  void closeStores() throws InterruptedException {
    for (Process p : workers) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor();
      }
    }
    for (Store s : opened) {
      s.close();
    }
  }

  // ------------------------------------------------------------------ imports

  @Test
  void reimportingAStatementAddsNothing() {
    Store store = open();
    List<Transaction> st = StoreFixtures.statement("jan.csv", 0, 300);
    ImportResult first = store.importStatement("jan.csv", st, List.of());
    ImportResult second = store.importStatement("jan.csv", st, List.of());
    assertThat(first.added()).isEqualTo(300);
    assertThat(first.skipped()).isZero();
    assertThat(second.added()).isZero();
    assertThat(second.skipped()).isEqualTo(300);
    assertThat(store.transactionCount()).isEqualTo(300);
    assertThat(store.statements()).extracting(ImportResult::added).containsExactly(300, 0);
  }

  @Test
  void anOverlappingStatementAddsOnlyTheNewRows() {
    Store store = open();
    store.importStatement("jan.csv", StoreFixtures.statement("jan.csv", 0, 300), List.of());
    ImportResult r = store.importStatement("jan-feb.csv", StoreFixtures.statement("jan-feb.csv", 200, 500), List.of());
    assertThat(r.added()).isEqualTo(200);
    assertThat(r.skipped()).isEqualTo(100);
    assertThat(store.transactionCount()).isEqualTo(500);
  }

  @Test
  void keepsEveryFieldOfATransactionExactly() {
    Store store = open();
    Transaction t = Transaction.builder().account("DE89 3704 0044 0532 0130 00").bookingDate(LocalDate.of(2024, 2, 29))
        .valueDate(LocalDate.of(2024, 3, 1)).amount(Money.of("-1234.50", "EUR")).description("Café Zürich — Bäckerei")
        .reference("FITID-7").balance(Money.of("10.10", "EUR")).provenance(new dev.pfms.api.model.Provenance("a.ofx", 14))
        .build();
    store.importStatement("a.ofx", List.of(t), List.of());
    StoredTransaction s = store.transaction(t.id()).orElseThrow();
    assertThat(s.transaction()).isEqualTo(t);
    assertThat(s.transaction().amount().amount()).isEqualByComparingTo("-1234.50");
    assertThat(s.transaction().amount().amount().scale()).isEqualTo(2);
    assertThat(s.findCategorySource()).isEmpty();
    assertThat(openAgain().transactionsOfAccount("DE89 3704 0044 0532 0130 00")).extracting(StoredTransaction::id)
        .containsExactly(t.id());
    assertThat(store.transactionsOfAccount("another")).isEmpty();
  }

  @Test
  void rejectsRowsItCannotKeepNamingSourceLineAndFieldAndStoresTheRest() {
    Store store = open();
    List<Transaction> st = new ArrayList<>(StoreFixtures.statement("bad.csv", 0, 10));
    st.set(3, st.get(3).toBuilder().id(null).description("NUL\0INSIDE").build());
    st.set(5, st.get(5).toBuilder().id(null).amount(Money.of("1e16", "EUR")).build());
    st.set(7, st.get(7).toBuilder().id(null).amount(Money.of("1.0000001", "EUR")).build());
    IngestProblem fromIngest = new IngestProblem("bad.csv", 13, "amount", "cannot read \"12,3x\" as an amount");
    ImportResult r = store.importStatement("bad.csv", st, List.of(fromIngest));
    assertThat(r.added()).isEqualTo(7);
    assertThat(r.rejected()).hasSize(4);
    assertThat(r.rejected()).contains(fromIngest);
    assertThat(r.rejected()).anySatisfy(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.field()).isEqualTo("description");
      assertThat(p.toString()).startsWith("bad.csv:5: field 'description'").doesNotContain("INSIDE");
    });
    assertThat(r.rejected()).anySatisfy(p -> assertThat(p.toString()).startsWith("bad.csv:7: field 'amount'"));
    assertThat(r.rejected()).anySatisfy(p -> assertThat(p.toString()).startsWith("bad.csv:9: field 'amount'"));
    assertThat(store.statements().get(0).added()).isEqualTo(7);
  }

  // ------------------------------------------------------------------ categories and decisions

  @Test
  void aModelCategoryKeepsItsVersionAndNeverOverridesTheUser() {
    Store store = open();
    List<Transaction> st = StoreFixtures.statement("s.csv", 0, 3);
    store.importStatement("s.csv", st, List.of());
    Category coffee = Category.of("FOOD_AND_DRINK_COFFEE");
    Category groceries = Category.of("FOOD_AND_DRINK_GROCERIES");
    Map<String, Category> all = new HashMap<>();
    st.forEach(t -> all.put(t.id(), groceries));
    assertThat(store.categorize(all, CategorySource.MODEL, "categorizer@1")).isEqualTo(3);
    store.corrections().add(Correction.of(st.get(0), coffee, Instant.parse("2024-05-01T10:00:00Z")));
    assertThat(store.confirm(st.get(1).id(), Instant.parse("2024-05-01T10:01:00Z"))).isTrue();
    assertThat(store.categorize(Map.of(st.get(0).id(), groceries, st.get(1).id(), coffee, st.get(2).id(), coffee),
        CategorySource.MODEL, "categorizer@2")).isEqualTo(1);

    Store again = openAgain();
    StoredTransaction a = again.transaction(st.get(0).id()).orElseThrow();
    assertThat(a.transaction().category()).isEqualTo(coffee);
    assertThat(a.categorySource()).isEqualTo(CategorySource.USER);
    assertThat(a.findModelVersion()).isEmpty();
    StoredTransaction b = again.transaction(st.get(1).id()).orElseThrow();
    assertThat(b.transaction().category()).isEqualTo(groceries);
    assertThat(b.categorySource()).isEqualTo(CategorySource.USER);
    assertThat(b.findConfirmedAt()).contains(Instant.parse("2024-05-01T10:01:00Z"));
    StoredTransaction c = again.transaction(st.get(2).id()).orElseThrow();
    assertThat(c.categorySource()).isEqualTo(CategorySource.MODEL);
    assertThat(c.modelVersion()).isEqualTo("categorizer@2");
    assertThat(again.corrections().all()).singleElement().satisfies(x -> {
      assertThat(x.transactionId()).isEqualTo(st.get(0).id());
      assertThat(x.description()).isEqualTo(st.get(0).description());
      assertThat(x.category()).isEqualTo(coffee);
    });
    assertThat(again.corrections().asTrainingExamples()).singleElement()
        .satisfies(t -> assertThat(t.category()).isEqualTo(coffee));
    assertThatThrownBy(() -> store.categorize(all, CategorySource.USER, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payeeNamesTaughtAreKeptInOrderAndReplayAfterARestart() {
    Store store = open();
    List<Transaction> st = StoreFixtures.statement("s.csv", 0, 3);
    Transaction amazon = st.get(0).toBuilder().description("AMZNMKTPLACE 2X3").build();
    Transaction amazon2 = st.get(1).toBuilder().description("AMZNMKTPLACE 9Q1 LEEDS").build();
    dev.pfms.api.categorize.PayeeMap map = store.payeeMap(true);
    map.teach(amazon, "Amazon", dev.pfms.api.categorize.PayeeMap.Source.CORRECTION);
    assertThat(map.payee(amazon2.description())).as("a correction is a suggestion until confirmed").isEmpty();
    assertThat(map.suggestion(amazon2.description())).hasValueSatisfying(l -> assertThat(l.payee()).isEqualTo("Amazon"));

    dev.pfms.api.categorize.PayeeMap again = openAgain().payeeMap(true);
    assertThat(again.suggestion(amazon2.description())).as("the suggestion survives a restart").isPresent();
    again.teach(amazon2, "Amazon", dev.pfms.api.categorize.PayeeMap.Source.CONFIRMATION);

    Store third = openAgain();
    assertThat(third.payeeTeachings()).extracting(dev.pfms.api.categorize.PayeeMap.Teaching::source)
        .containsExactly(dev.pfms.api.categorize.PayeeMap.Source.CORRECTION,
            dev.pfms.api.categorize.PayeeMap.Source.CONFIRMATION);
    assertThat(third.payeeMap(true).canonicalize(amazon2).merchant()).isEqualTo("Amazon");
    assertThat(third.payeeMap(true).payee(amazon.description())).as("still only suggested for its own key").isEmpty();
    assertThat(third.payeeMap(true).toString()).doesNotContain("Amazon").doesNotContain("amznmktplace");
  }

  @Test
  void rulesPayeesRecurringSeriesAndDismissalsSurviveARestart() {
    Store store = open();
    Category rent = Category.of("RENT_AND_UTILITIES_RENT");
    store.saveRule(new RuleRecord("rent", rent, "ACME HOUSING", null, null, null));
    store.saveRule(new RuleRecord("big", Category.of("TRANSFER_OUT"), null, "TRANSFER", new BigDecimal("-5000"), null));
    store.saveRule(new RuleRecord("rent", rent, "ACME HOUSING LTD", null, null, null));
    store.learnPayee("ALBERT HEIJN", Category.of("FOOD_AND_DRINK_GROCERIES"), Instant.parse("2024-01-01T00:00:00Z"));
    store.learnPayee("ALBERT HEIJN", Category.of("FOOD_AND_DRINK_RESTAURANT"), Instant.parse("2024-01-02T00:00:00Z"));
    SeriesRecord netflix = new SeriesRecord("acc", "NETFLIX", "MONTHLY", Money.of("-12.99", "EUR"),
        LocalDate.of(2024, 3, 5), LocalDate.of(2024, 4, 5), false, List.of("a", "b"));
    store.replaceRecurring(List.of(netflix));
    store.dismissAnomaly("tx-1", Instant.parse("2024-01-03T00:00:00Z"));
    store.dismissAnomaly("tx-2", Instant.parse("2024-01-03T00:00:00Z"));
    assertThat(store.restoreAnomaly("tx-2")).isTrue();

    Store again = openAgain();
    assertThat(again.rules()).extracting(RuleRecord::name).containsExactly("rent", "big");
    assertThat(again.rules().get(0).merchant()).isEqualTo("ACME HOUSING LTD");
    assertThat(again.rules().get(1).minAmount()).isEqualByComparingTo("-5000");
    assertThat(again.payee("ALBERT HEIJN")).hasValueSatisfying(p -> {
      assertThat(p.category()).isEqualTo(Category.of("FOOD_AND_DRINK_RESTAURANT"));
      assertThat(p.merchant()).isEqualTo("ALBERT HEIJN");
    });
    assertThat(again.payees()).hasSize(1);
    assertThat(again.payee("JUMBO")).isEmpty();
    assertThat(again.recurring()).containsExactly(netflix);
    assertThat(again.dismissedAnomalies()).containsExactly("tx-1");
    assertThat(again.deleteRule("big")).isTrue();
    assertThat(again.deleteRule("big")).isFalse();
  }

  @Test
  void transferDecisionsAreRememberedReplacedAndForgotten() {
    Store store = open();
    Instant t0 = Instant.parse("2024-02-01T10:00:00Z");
    Instant t1 = Instant.parse("2024-02-02T10:00:00Z");
    store.decideTransfer(new dev.pfms.api.store.TransferDecision("out-1", "in-1", true, t0));
    store.decideTransfer(new dev.pfms.api.store.TransferDecision("out-2", "in-2", true, t0));
    store.decideTransfer(new dev.pfms.api.store.TransferDecision("out-2", "in-2", false, t1)); // changed mind
    store.decideTransfer(new dev.pfms.api.store.TransferDecision("out-3", "in-3", true, t0));
    assertThat(store.forgetTransferDecision("out-3", "in-3")).isTrue();
    assertThat(store.forgetTransferDecision("out-3", "in-3")).isFalse();

    Store again = openAgain();
    assertThat(again.transferDecisions()).containsExactly(
        new dev.pfms.api.store.TransferDecision("out-1", "in-1", true, t0),
        new dev.pfms.api.store.TransferDecision("out-2", "in-2", false, t1));
    assertThatThrownBy(() -> new dev.pfms.api.store.TransferDecision("x", "x", true, t0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ model registry

  @Test
  void theModelRegistryKeepsVersionsOneActiveVersionAndVerifiedBytes() throws Exception {
    Store store = open();
    ModelMetadata meta = new ModelMetadata("tfidf-gbm", 1, "ab".repeat(32), 120, List.of("A", "B"),
        Map.of("accuracy", 0.81), Instant.parse("2024-01-01T00:00:00Z"), Map.of("trees", "100"));
    byte[] bytes = "model-one".getBytes(StandardCharsets.UTF_8);
    ModelRecord v1 = store.registerModel("categorizer", meta, bytes);
    ModelRecord v2 = store.registerModel("categorizer", meta, "model-two".getBytes(StandardCharsets.UTF_8));
    ModelRecord ref = store.registerModelReference("anomaly", meta, URI.create("file:///models/if.zip"), "cd".repeat(32));
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(ref.version()).isEqualTo(1);
    assertThat(v1.active()).isFalse();
    assertThat(store.activeModel("categorizer")).isEmpty();
    store.promote("categorizer", 1, Map.of("accuracy", 0.80), Instant.parse("2024-01-02T00:00:00Z"));
    store.promote("categorizer", 2, Map.of("accuracy", 0.85, "macroF1", 0.7), Instant.parse("2024-01-03T00:00:00Z"));

    Store again = openAgain();
    ModelRecord active = again.activeModel("categorizer").orElseThrow();
    assertThat(active.version()).isEqualTo(2);
    assertThat(active.label()).isEqualTo("categorizer@2");
    assertThat(active.promotionMetrics()).containsEntry("accuracy", 0.85).containsEntry("macroF1", 0.7);
    assertThat(active.metadata()).isEqualTo(meta);
    assertThat(again.models()).filteredOn(ModelRecord::active).hasSize(1);
    assertThat(again.model("categorizer", 1).orElseThrow().promotionMetrics()).containsEntry("accuracy", 0.80);
    assertThat(again.modelBytes("categorizer", 1)).isEqualTo(bytes);
    assertThat(v1.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(v1.size()).isEqualTo(bytes.length);
    assertThatThrownBy(() -> again.modelBytes("anomaly", 1)).hasMessageContaining("file:///models/if.zip");
    assertThatThrownBy(() -> again.promote("categorizer", 9, Map.of(), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 2]");
  }

  // ------------------------------------------------------------------ processes and crashes

  /**
   * Starts a second JVM running {@link StoreWorker} on the test's database.
   *
   * @param args the worker's mode and arguments
   * @return the process (its output is the worker's ACK lines)
   * @throws IOException when it cannot start
   */
  protected final Process startWorker(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        StoreWorker.class.getName(), providerName()));
    cmd.addAll(List.of(args));
    Map<String, String> config = workerConfig(); // before starting: a subclass may abort here
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    workers.add(p);
    try (Writer w = p.outputWriter(StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> e : config.entrySet()) {
        w.write(e.getKey() + "=" + e.getValue() + "\n");
      }
      w.write("END\n");
    }
    return p;
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void twoProcessesImportingOverlappingStatementsAddEachRowOnce() throws Exception {
    open().importStatement("seed.csv", StoreFixtures.statement("seed", 0, 10), List.of()); // schema in place
    Process a = startWorker("import", "0", "6000", "1000");
    Process b = startWorker("import", "3000", "9000", "1000");
    long addedA = sumAdded(a);
    long addedB = sumAdded(b);
    assertThat(a.waitFor()).isZero();
    assertThat(b.waitFor()).isZero();
    Store again = openAgain();
    assertThat(again.transactionCount()).isEqualTo(9000);
    assertThat(addedA + addedB + 10).isEqualTo(9000);
    Set<String> ids = again.transactions().stream().map(StoredTransaction::id).collect(Collectors.toSet());
    for (long i = 0; i < 9000; i += 97) {
      assertThat(ids).contains(StoreFixtures.row("x", i, 1).id());
    }
  }

  private static long sumAdded(Process p) throws IOException {
    long sum = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("ACK ")) {
          sum += Long.parseLong(line.split(" ")[2]);
        }
      }
    }
    return sum;
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void killingTheProcessDuringALargeImportLosesNothingAcknowledgedAndLeavesNoHalfStatement() throws Exception {
    open().transactionCount(); // schema in place
    Process p = startWorker("forever", "8000");
    Map<Long, Long> acked = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("ACK ")) {
          String[] f = line.split(" ");
          acked.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
          if (acked.size() == 3) {
            // Mid-way through the fourth statement's batches.
            Thread.sleep(150);
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback by the JVM
            break;
          }
        }
      }
    }
    p.waitFor();
    Store again = openAgain();
    Map<Long, Long> rowsPerStatement = again.transactions().stream()
        .collect(Collectors.groupingBy(StoredTransaction::statementId, Collectors.counting()));
    for (Map.Entry<Long, Long> e : acked.entrySet()) {
      assertThat(rowsPerStatement.get(e.getKey())).as("acknowledged statement %s", e.getKey()).isEqualTo(e.getValue());
    }
    Set<Long> statements = new HashSet<>();
    for (ImportResult s : again.statements()) {
      statements.add(s.statementId());
      assertThat(rowsPerStatement.getOrDefault(s.statementId(), 0L)).as("statement %s", s.statementId())
          .isEqualTo(s.added());
    }
    assertThat(statements).containsAll(acked.keySet());
    assertThat(rowsPerStatement.keySet()).isSubsetOf(statements);
    assertThat(again.transactionCount() % 8000).isZero();
    // The store still takes writes after the crash.
    assertThat(again.importStatement("after.csv", StoreFixtures.statement("after", 0, 10), List.of()).added()).isZero();
  }

  // ------------------------------------------------------------------ migrations

  @Test
  void migratesFromAnEmptyDatabase() {
    Store store = open();
    assertThat(store.transactionCount()).isZero();
    assertThat(store.models()).isEmpty();
    assertThat(store.statements()).isEmpty();
  }

  @Test
  void migratesFromThePreviousSchemaKeepingItsData() {
    List<Transaction> st = StoreFixtures.statement("old.csv", 0, 50);
    try (Store old = createStoreAtSchema(1)) {
      assertThat(old.importStatement("old.csv", st, List.of()).added()).isEqualTo(50);
      old.corrections().add(Correction.of(st.get(4), Category.of("FOOD_AND_DRINK_COFFEE"), Instant.parse("2023-01-01T00:00:00Z")));
    }
    Store store = open();
    assertThat(store.transactionCount()).isEqualTo(50);
    assertThat(store.transaction(st.get(4).id()).orElseThrow().categorySource()).isEqualTo(CategorySource.USER);
    assertThat(store.transaction(st.get(0).id()).orElseThrow().transaction()).isEqualTo(st.get(0));
    assertThat(store.corrections().all()).hasSize(1);
    assertThat(store.importStatement("old.csv", st, List.of()).added()).isZero();
    store.dismissAnomaly(st.get(1).id(), Instant.now());
    assertThat(store.dismissedAnomalies()).containsExactly(st.get(1).id());
  }

  /** Rows with what the bank says apart from the description: counterparty, its masked account, memo, reference. */
  static List<Transaction> withParties(List<Transaction> st) {
    List<Transaction> out = new java.util.ArrayList<>();
    for (int i = 0; i < st.size(); i++) {
      Transaction t = st.get(i);
      out.add(i % 3 == 2 ? t : t.toBuilder().counterparty("JANSEN KINDEROPVANG " + i).counterpartyAccount("****" + (1000 + i))
          .memo("Factuur 2024-" + i + " kinderopvang").reference("REF-" + i).build());
    }
    return out;
  }

  @Test
  void keepsCounterpartyItsAccountMemoAndReference() {
    List<Transaction> st = withParties(StoreFixtures.statement("parties.csv", 0, 30));
    Store store = open();
    assertThat(store.importStatement("parties.csv", st, List.of()).added()).isEqualTo(30);
    Store again = openAgain();
    for (Transaction t : st) {
      assertThat(again.transaction(t.id()).orElseThrow().transaction()).isEqualTo(t);
    }
    assertThat(again.transaction(st.get(0).id()).orElseThrow().transaction().memo())
        .isEqualTo("Factuur 2024-0 kinderopvang");
    assertThat(again.transaction(st.get(2).id()).orElseThrow().transaction().counterparty()).isNull();
  }

  @Test
  void migratesFromSchema3WithoutTheCounterpartyColumnsKeepingItsRows() {
    List<Transaction> st = withParties(StoreFixtures.statement("v3.csv", 0, 20));
    try (Store old = createStoreAtSchema(3)) {
      assertThat(old.importStatement("v3.csv", st, List.of()).added()).isEqualTo(20);
    }
    Store store = open();
    assertThat(store.transactionCount()).isEqualTo(20);
    Transaction before = store.transaction(st.get(0).id()).orElseThrow().transaction();
    assertThat(before.counterparty()).as("schema 3 could not hold it").isNull();
    assertThat(before.description()).isEqualTo(st.get(0).description());
    assertThat(store.importStatement("v3.csv", st, List.of()).added()).as("same ids: nothing new").isZero();
    List<Transaction> later = withParties(StoreFixtures.statement("v4.csv", 100, 110));
    assertThat(store.importStatement("v4.csv", later, List.of()).added()).isEqualTo(10);
    assertThat(store.transaction(later.get(0).id()).orElseThrow().transaction()).isEqualTo(later.get(0));
  }

  @Test
  void migratesFromSchema4KeepingEveryColumnOfEveryRow() {
    List<Transaction> st = withParties(StoreFixtures.statement("v4.csv", 0, 40));
    Instant at = Instant.parse("2024-05-01T10:00:00Z");
    try (Store old = createStoreAtSchema(4)) {
      assertThat(old.importStatement("v4.csv", st, List.of()).added()).isEqualTo(40);
      old.corrections().add(Correction.of(st.get(3), Category.of("FOOD_AND_DRINK_COFFEE"), at));
    }
    Store store = open();
    assertThat(store.transactionCount()).isEqualTo(40);
    for (int i = 0; i < st.size(); i++) {
      Transaction back = store.transaction(st.get(i).id()).orElseThrow().transaction();
      if (i != 3) {
        assertThat(back).isEqualTo(st.get(i));
      }
    }
    assertThat(store.transaction(st.get(3).id()).orElseThrow().categorySource()).isEqualTo(CategorySource.USER);
    assertThat(store.importStatement("v4.csv", st, List.of()).added()).isZero();
    List<Transaction> later = withParties(StoreFixtures.statement("v5.csv", 200, 210));
    assertThat(store.importStatement("v5.csv", later, List.of()).added()).isEqualTo(10);
    assertThat(store.transactionCount()).isEqualTo(50);
  }
}
