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

  private static Path sampleData() {
    String p = System.getProperty("pfms.sample.data");
    Assumptions.assumeTrue(p != null && Files.isDirectory(Path.of(p)), "sample_data not found");
    return Path.of(p);
  }

  @Test
  void analyzePrintsCategorizationSpendingAndAnomaliesForTheSampleData() {
    Run r = run("analyze", sampleData().resolve("transactions.csv").toString(), "--categorizer", "rules",
        "--detector", "robust-zscore", "--forecaster", "ets");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("1831 read, 0 rejected").contains("categorizer rules")
        .contains("accuracy").contains("Spending by category").contains("Food and drink")
        .contains("Unusual transactions").contains("injected anomalies flagged")
        .contains("transfers      24 pairs matched between your own accounts");
    assertThat(r.err()).contains("[pfms] ingesting transactions.csv as csv");
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
    Run r = run("analyze", f.toString(), "--categorizer", "rules", "--detector", "robust-zscore",
        "--forecaster", "seasonal-naive");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 read").contains("1 rejected").contains("bad.csv:3");
  }

  @Test
  void missingFileOrUnknownProviderExitsWithCodeTwoAndAClearMessage(@TempDir Path dir) throws Exception {
    Run missing = run("analyze", dir.resolve("nope.csv").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file").contains("nope.csv");
    Run unknown = run("analyze", sampleData().resolve("transactions.csv").toString(), "--categorizer", "magic");
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
}
