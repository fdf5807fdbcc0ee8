package dev.pfms.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PfmsCliTest {

  private record Run(int code, String out, String err) {}

  private static synchronized Run run(String... args) {
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

  private static final Path CONSENT;

  static {
    try {
      CONSENT = Files.createTempDirectory("pfms-cli-consent");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** analyze with a test consent ledger (consent given, development key). */
  private static Run analyze(String... args) {
    java.util.List<String> all = new java.util.ArrayList<>();
    all.add("analyze");
    all.addAll(java.util.List.of(args));
    all.addAll(java.util.List.of("--consent-dir", CONSENT.toString(), "--consent", "yes", "--insecure-dev-key"));
    return run(all.toArray(String[]::new));
  }

  private static Path sampleData() {
    String p = System.getProperty("pfms.sample.data");
    Assumptions.assumeTrue(p != null && Files.isDirectory(Path.of(p)), "sample_data not found");
    return Path.of(p);
  }

  @Test
  void analyzePrintsCategorizationSpendingAndAnomaliesForTheSampleData() {
    Run r = analyze(sampleData().resolve("transactions.csv").toString(), "--categorizer", "rules",
        "--detector", "robust-zscore", "--forecaster", "ets");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("1831 read, 0 rejected").contains("categorizer rules")
        .contains("accuracy").contains("Spending by category").contains("Food and drink")
        .contains("Unusual transactions").contains("injected anomalies flagged")
        .contains("transfers      24 pairs matched between your own accounts");
    assertThat(r.err()).contains("[pfms] ingesting transactions.csv as csv");
  }

  @Test
  void analyzeDefaultsToStackedGbmAndLeavesEveryNeverSeenMerchantForReview() {
    Run r = analyze(sampleData().resolve("transactions.csv").toString(), "--detector", "robust-zscore",
        "--forecaster", "seasonal-naive");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("categorizer stacked-gbm")
        .containsPattern("new merchants  (\\d+) of \\1 never-seen merchants");
  }

  @Test
  void aFileWithoutLabelsIsCategorizedZeroShotAndTheCliSaysSo(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("statement.csv");
    Files.writeString(f, """
        Date,Description,Amount
        2025-01-02,TESCO STORES 2231,-12.50
        2025-01-09,ELECTRIC BILL,-64.00
        2025-02-04,TESCO STORES 2231,-22.50
        """);
    Run r = analyze(f.toString(), "--detector", "robust-zscore", "--forecaster", "seasonal-naive");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("no labels found: categorizing zero-shot");
    assertThat(r.out()).contains("categorizer zero-shot");
  }

  @Test
  void analyzeAsksForConsentOnFirstUseRefusesWithoutItAndRecordsItWithAReceipt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, """
        Date,Description,Amount
        2025-01-02,TESCO STORES,-12.50
        2025-02-04,TESCO STORES,-22.50
        """);
    Path consentDir = dir.resolve("consent");
    java.io.InputStream oldIn = System.in;
    Run refused;
    try {
      System.setIn(new java.io.ByteArrayInputStream("no\n".getBytes(StandardCharsets.UTF_8)));
      refused = run("analyze", f.toString(), "--categorizer", "rules", "--detector", "robust-zscore",
          "--forecaster", "seasonal-naive", "--consent-dir", consentDir.toString(), "--insecure-dev-key");
    } finally {
      System.setIn(oldIn);
    }
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err()).contains("Type 'yes' to consent").contains("did not consent");
    assertThat(refused.err()).doesNotContain("[pfms] ingesting");
    Run yes = run("analyze", f.toString(), "--categorizer", "rules", "--detector", "robust-zscore",
        "--forecaster", "seasonal-naive", "--consent-dir", consentDir.toString(), "--insecure-dev-key",
        "--consent", "yes");
    assertThat(yes.code()).as(yes.err()).isZero();
    assertThat(yes.err()).contains("consent recorded; receipt:");
    assertThat(Files.readString(consentDir.resolve("consent-receipt.json"))).contains("\"CATEGORIZATION\" : \"granted\"");
    // recorded: the next run asks nothing
    Run again = run("analyze", f.toString(), "--categorizer", "rules", "--detector", "robust-zscore",
        "--forecaster", "seasonal-naive", "--consent-dir", consentDir.toString(), "--insecure-dev-key");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain("Type 'yes'");
  }

  @Test
  void badRowsAreReportedWithLineAndFieldAndGoodRowsKept(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, """
        Date,Description,Amount
        2025-01-02,TESCO STORES,-12.50
        2025-01-03,COSTA COFFEE,twelve
        2025-01-04,SHELL,-40.00
        2025-02-04,TESCO STORES,-22.50
        """);
    Run r = analyze(f.toString(), "--categorizer", "rules", "--detector", "robust-zscore",
        "--forecaster", "seasonal-naive");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 read").contains("1 rejected").contains("bad.csv:3");
  }

  @Test
  void missingFileOrUnknownProviderExitsWithCodeTwoAndAClearMessage(@TempDir Path dir) throws Exception {
    Run missing = analyze(dir.resolve("nope.csv").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file").contains("nope.csv");
    Run unknown = analyze(sampleData().resolve("transactions.csv").toString(), "--categorizer", "magic");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("magic").contains("installed").contains("rules");
  }

  @Test
  void providersListsEveryInstalledProvider() {
    Run r = run("providers");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("csv", "ofx", "rules", "tfidf-gbm", "embedding-gbm", "isolation-forest",
        "robust-zscore", "ets", "seasonal-naive", "hash-chain", "in-memory");
  }

  @Test
  void generateWritesASeededDataSet(@TempDir Path dir) {
    Run r = run("generate", "--out", dir.toString(), "--months", "3", "--seed", "5");
    assertThat(r.code()).isZero();
    assertThat(dir.resolve("transactions.csv")).exists();
    assertThat(dir.resolve("truth.csv")).exists();
  }

  @Test
  void generateNeverOverwritesExistingFilesUnlessForced(@TempDir Path dir) throws java.io.IOException {
    Files.writeString(dir.resolve("transactions.csv"), "mine");
    Run refused = run("generate", "--out", dir.toString(), "--months", "2");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("transactions.csv exists").contains("--force");
    assertThat(Files.readString(dir.resolve("transactions.csv"))).isEqualTo("mine");
    assertThat(run("generate", "--out", dir.toString(), "--months", "2", "--force").code()).isZero();
    assertThat(Files.readString(dir.resolve("transactions.csv"))).startsWith("Date,");
  }

  @Test
  void outOfRangeFlagsFailAtParseWithTheRangeAndUsage() {
    Run fraction = run("analyze", "x.csv", "--train-fraction", "-1");
    assertThat(fraction.code()).isEqualTo(2);
    assertThat(fraction.err()).contains("--train-fraction must be strictly between 0 and 1").contains("Usage:");
    assertThat(run("analyze", "x.csv", "--train-fraction", "1").code()).isEqualTo(2);
    assertThat(run("analyze", "x.csv", "--top", "-3").err()).contains("--top must be 0 or more");
    assertThat(run("analyze", "x.csv", "--consent", "maybe").err()).contains("--consent takes yes or no");
    assertThat(run("generate", "--months", "0").err()).contains("--months must be between 1 and 1200");
    assertThat(run("generate", "--people", "-2").err()).contains("--people must be between 1 and 100000");
  }
}
