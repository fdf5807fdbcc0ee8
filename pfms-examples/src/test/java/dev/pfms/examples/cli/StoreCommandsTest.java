package dev.pfms.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.store.CategorySource;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoredTransaction;
import dev.pfms.store.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCommandsTest {

  private record Run(int code, String out, String err) {}

  private static final Path CONSENT;

  static {
    try {
      CONSENT = Files.createTempDirectory("pfms-store-consent");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A store command with the test's consent ledger (consent given on first use, development key). */
  private static Run run(String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(java.util.List.of("--consent-dir", CONSENT.toString(), "--consent", "yes", "--insecure-dev-key"));
    return runRaw(all.toArray(String[]::new));
  }

  /** The test's store, opened with the development field keys in a consent directory, as the CLI does. */
  private static Store stored(String db, Path consentDir) throws java.io.IOException {
    return Stores.open("sqlite", dev.pfms.api.spi.ProviderConfig.builder()
        .set(dev.pfms.store.SqliteStoreProvider.PATH, Path.of(db))
        .set(dev.pfms.store.SqliteStoreProvider.FIELD_PROTECTOR,
            dev.pfms.examples.support.LocalKeys.open(consentDir, null).protector()).build());
  }

  private static synchronized Run runRaw(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = PfmsCli.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void theStoreHoldsNoDescriptionInClearAndPayeeNamesTaughtByCorrectApplyAfterARestart(@TempDir Path dir)
      throws Exception {
    Path jan = dir.resolve("jan.csv");
    Files.writeString(jan, """
        Date,Account,Description,Amount,Currency
        2025-01-02,current,AMZNMKTPLACE 2X3,-12.50,GBP
        2025-01-09,current,AMZNMKTPLACE 9Q1 LEEDS,-30.00,GBP
        2025-01-05,current,SALARY ACME LTD,2500.00,GBP
        """);
    String db = dir.resolve("pfms.db").toString();
    assertThat(run("import", jan.toString(), "--db", db).code()).isZero();
    byte[] raw = Files.readAllBytes(Path.of(db));
    Path wal = Path.of(db + "-wal");
    String all = new String(raw, StandardCharsets.ISO_8859_1)
        + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "");
    assertThat(all).as("the CLI's store encrypts personal fields").doesNotContain("AMZNMKTPLACE")
        .doesNotContain("SALARY ACME");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Stores.sqlite(Path.of(db)))
        .as("without its keys the store refuses to open").hasMessageContaining("was written with field encryption");

    String amazon;
    try (Store s = stored(db, CONSENT)) {
      amazon = s.transactions().stream().filter(t -> t.transaction().description().equals("AMZNMKTPLACE 2X3"))
          .findFirst().orElseThrow().id();
    }
    Run taught = run("correct", amazon.substring(0, 12), "--payee", "Amazon", "--db", db);
    assertThat(taught.code()).as(taught.err()).isZero();
    assertThat(taught.out()).contains("payee Amazon for every description like this one");
    Run listed = run("correct", "--payees", "--db", db);
    assertThat(listed.out()).contains("amznmktplace").contains("-> Amazon").contains("1 learned payee names");
    try (Store s = stored(db, CONSENT)) {
      Transaction leeds = s.transactions().stream().map(StoredTransaction::transaction)
          .filter(t -> t.description().startsWith("AMZNMKTPLACE 9Q1")).findFirst().orElseThrow();
      assertThat(s.payeeMap(false).canonicalize(leeds).merchant()).as("kept in the store, applied after a restart")
          .isEqualTo("Amazon");
    }
    assertThat(run("correct", amazon.substring(0, 12), "--payee", " ", "--db", db).code()).isNotZero();
  }

  @Test
  void aSecondImportOfTheSameFileAddsNothingAndAnOverlappingOneOnlyTheNewRows(@TempDir Path dir) throws Exception {
    // Both exports name the account: without an account column the ingestor derives it from the file name.
    Path jan = dir.resolve("jan.csv");
    Files.writeString(jan, """
        Date,Account,Description,Amount,Currency
        2025-01-02,current,TESCO STORES 1234,-12.50,GBP
        2025-01-03,current,COSTA COFFEE,-3.20,GBP
        2025-01-03,current,COSTA COFFEE,-3.20,GBP
        2025-01-05,current,SALARY ACME LTD,2500.00,GBP
        """);
    Path janFeb = dir.resolve("jan-feb.csv");
    Files.writeString(janFeb, """
        Date,Account,Description,Amount,Currency
        2025-01-05,current,SALARY ACME LTD,2500.00,GBP
        2025-02-01,current,SHELL PETROL,-40.00,GBP
        2025-02-02,current,COSTA COFFEE,nope,GBP
        """);
    String db = dir.resolve("pfms.db").toString();
    Run first = run("import", jan.toString(), "--db", db);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("jan.csv: 4 added, 0 skipped").contains("no active model yet");
    Run second = run("import", jan.toString(), janFeb.toString(), "--db", db);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("jan.csv: 0 added, 4 skipped (already stored), 0 rejected").contains("jan-feb.csv: 1 added, 1 skipped (already stored), 1 rejected")
        .contains("rejected: jan-feb.csv:4: field 'Amount'").contains(": 5 transactions");
  }

  @Test
  void retrainPromotesAModelThatCategorizesLaterImportsAndNeverOverridesACorrection(@TempDir Path dir) throws Exception {
    Path jan = dir.resolve("jan.csv");
    Files.writeString(jan, """
        Date,Description,Amount,Currency
        2025-01-02,TESCO STORES 1234,-12.50,GBP
        2025-01-03,COSTA COFFEE,-3.20,GBP
        """);
    String db = dir.resolve("pfms.db").toString();
    Run imported = run("import", jan.toString(), "--db", db);
    assertThat(imported.code()).as(imported.err() + imported.out()).isZero();
    assertThat(run("models", "--db", db).out()).contains("no models");
    String costa;
    try (Store s = stored(db, CONSENT)) {
      costa = s.transactions().stream().filter(t -> t.transaction().description().startsWith("COSTA")).findFirst()
          .orElseThrow().id();
    }
    Run corrected = run("correct", costa.substring(0, 12), "ENTERTAINMENT_OTHER", "--db", db);
    assertThat(corrected.code()).as(corrected.err()).isZero();
    Run retrain = run("retrain", "--categorizer", "tfidf-gbm", "--db", db);
    assertThat(retrain.code()).as(retrain.err() + retrain.out()).isZero();
    assertThat(retrain.out()).contains("trained categorizer@1 (tfidf-gbm)").contains("promoted categorizer@1");
    Run models = run("models", "--db", db);
    assertThat(models.out()).contains("*  categorizer@1").contains("tfidf-gbm").contains("accuracy=");

    Path feb = dir.resolve("feb.csv");
    Files.writeString(feb, """
        Date,Description,Amount,Currency
        2025-02-02,TESCO STORES 1234,-22.50,GBP
        """);
    Run later = run("import", feb.toString(), "--db", db);
    assertThat(later.out()).as(later.err()).contains("1 added").contains("categorized 1 new transactions with categorizer@1");
    try (Store s = stored(db, CONSENT)) {
      StoredTransaction c = s.transaction(costa).orElseThrow();
      assertThat(c.categorySource()).isEqualTo(CategorySource.USER);
      assertThat(c.transaction().category().code()).isEqualTo("ENTERTAINMENT_OTHER");
      assertThat(s.transactions()).filteredOn(t -> t.categorySource() == CategorySource.MODEL)
          .allSatisfy(t -> assertThat(t.modelVersion()).isEqualTo("categorizer@1")).isNotEmpty();
    }
  }

  @Test
  void storeCommandsRefuseWithoutConsentAndStoreNothing(@TempDir Path dir) throws Exception {
    Path jan = dir.resolve("jan.csv");
    Files.writeString(jan, """
        Date,Account,Description,Amount,Currency
        2025-01-02,current,TESCO STORES 1234,-12.50,GBP
        """);
    String db = dir.resolve("pfms.db").toString();
    String consent = dir.resolve("consent").toString();
    Run refused = runRaw("import", jan.toString(), "--db", db, "--consent-dir", consent, "--insecure-dev-key",
        "--consent", "no");
    assertThat(refused.code()).as(refused.err()).isEqualTo(3);
    assertThat(refused.err()).contains("STORAGE").contains("--consent no");
    java.io.InputStream oldIn = System.in;
    Run notAnswered;
    try {
      System.setIn(new java.io.ByteArrayInputStream("no\n".getBytes(StandardCharsets.UTF_8)));
      notAnswered = runRaw("import", jan.toString(), "--db", db, "--consent-dir", consent, "--insecure-dev-key");
    } finally {
      System.setIn(oldIn);
    }
    assertThat(notAnswered.code()).as(notAnswered.err()).isEqualTo(3);
    assertThat(notAnswered.err()).contains("Type 'yes' to consent").contains("did not consent");
    for (String[] cmd : new String[][] {{"correct", "--search", "TESCO"}, {"retrain", "--categorizer", "rules"}}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(cmd));
      args.addAll(java.util.List.of("--db", db, "--consent-dir", consent, "--insecure-dev-key", "--consent", "no"));
      Run r = runRaw(args.toArray(String[]::new));
      assertThat(r.code()).as(cmd[0] + ": " + r.err()).isEqualTo(3);
    }
    Run noKey = runRaw("import", jan.toString(), "--db", db, "--consent-dir", dir.resolve("other").toString(),
        "--consent", "yes");
    if (System.getenv("PFMS_LEDGER_PASSWORD") == null && System.console() == null) {
      assertThat(noKey.code()).as(noKey.err()).isEqualTo(2);
      assertThat(noKey.err()).contains("PFMS_LEDGER_PASSWORD");
    }
    if (Files.exists(Path.of(db))) {
      try (Store s = stored(db, Path.of(consent))) {
        assertThat(s.transactionCount()).isZero();
      }
    }

    Run yes = runRaw("import", jan.toString(), "--db", db, "--consent-dir", consent, "--insecure-dev-key",
        "--consent", "yes");
    assertThat(yes.code()).as(yes.err()).isZero();
    assertThat(yes.err()).contains("consent recorded; receipt:");
    assertThat(Files.readString(Path.of(consent, "consent-receipt.json"))).contains("\"STORAGE\" : \"granted\"");

    // a tampered ledger refuses every later command (fails closed), even with --consent yes
    Path ledger = Path.of(consent, "consent.jsonl");
    Files.writeString(ledger, Files.readString(ledger).replaceFirst("\"granted\":true", "\"granted\":false"));
    Run tampered = runRaw("import", jan.toString(), "--db", db, "--consent-dir", consent, "--insecure-dev-key",
        "--consent", "yes");
    assertThat(tampered.code()).as(tampered.err()).isEqualTo(3);
    assertThat(tampered.err()).contains("fails verification");
  }

  @Test
  void analyzeDbShowsTheStoredCategoriesWithProvenanceAndKeepsDismissedFlagsDismissed(@TempDir Path dir)
      throws Exception {
    StringBuilder csv = new StringBuilder("Date,Account,Description,Amount,Currency\n");
    for (int d = 1; d <= 28; d++) {
      csv.append(String.format("2025-01-%02d,current,COSTA COFFEE,-3.%02d,GBP%n", d, 10 + d));
      csv.append(String.format("2025-02-%02d,current,TESCO STORES 1234,-2%d.50,GBP%n", d, d % 10));
    }
    csv.append("2025-02-15,current,LUXURY WATCHES LTD,-4999.00,GBP\n");
    Path f = dir.resolve("jan-feb.csv");
    Files.writeString(f, csv.toString());
    String db = dir.resolve("pfms.db").toString();
    assertThat(run("import", f.toString(), "--db", db).code()).isZero();
    String costa;
    try (Store s = stored(db, CONSENT)) {
      costa = s.transactions().stream().filter(t -> t.transaction().description().startsWith("COSTA")).findFirst()
          .orElseThrow().id();
    }
    assertThat(run("correct", costa.substring(0, 12), "ENTERTAINMENT_OTHER", "--db", db).code()).isZero();
    String[] analyze = {"analyze", "--db", db, "--categorizer", "rules", "--detector", "robust-zscore",
        "--forecaster", "seasonal-naive"};
    Run first = run(analyze);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("pfms analysis of the store").contains("57 in 1 statement(s)")
        .contains("provenance     none stored (now rules) 56, user 1").doesNotContain("flagged        0 of");
    assertThat(first.out()).contains("ENTERTAINMENT_OTHER");
    assertThat(first.out()).contains("Spending by category").contains("Unusual transactions");

    try (Store s = stored(db, CONSENT)) {
      for (StoredTransaction t : s.transactions()) {
        s.dismissAnomaly(t.id(), java.time.Instant.now());
      }
    }
    Run second = run(analyze);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("none stored (now rules) 56, user 1")
        .contains("flagged        0 of 57").contains("dismissed by you earlier: they stay dismissed");

    Run both = run("analyze", f.toString(), "--db", db);
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
  }
}
