package dev.pfms.examples.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each walkthrough runs on sample_data and prints what it promises (behaviour, not timing). */
@Timeout(120)
class WalkthroughsTest {

  private static Path csv;
  private static long rows;

  @BeforeAll
  static void sample() throws Exception {
    csv = Path.of(System.getProperty("pfms.sample.data", "../sample_data"), "transactions.csv");
    Assumptions.assumeTrue(Files.isRegularFile(csv), "sample data absent: " + csv);
    rows = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count() - 1;
  }

  @Test
  void categorizeAndCorrectTrainsCorrectsAMistakeEverywhereForThatMerchantAndRetrains() throws Exception {
    String out = capture(o -> CategorizeAndCorrect.run(csv, o));
    assertThat(out).contains("1. ingested " + rows + " transactions from transactions.csv as csv (0 problems)");
    assertThat(out).containsPattern("2\\. categorizer: [a-z-]+ \\(installed: \\[");
    assertThat(out).containsPattern("3\\. trained [a-z-]+ on \\d{3,} labelled transactions");
    assertThat(out).containsPattern("4\\. categorized \\d+ transactions, \\d+ need review, \\d+\\.\\d% match the truth");
    // the corrected merchant's transactions all take the corrected category at once
    assertThat(out).containsPattern("5\\. corrected \".+\" from [A-Z_]+ to ([A-Z_]+): now (\\d+) of \\2 transactions at .+ are \\1");
    assertThat(out).containsPattern("6\\. retrained [a-z-]+ on \\d+ transactions; \\d+\\.\\d% now match the truth");
  }

  @Test
  void anomaliesWithReasonsComparesEveryDetectorAgainstTheTruthAndExplainsTheTopOnes() throws Exception {
    String out = capture(o -> AnomaliesWithReasons.run(csv, o));
    assertThat(out).containsPattern("robust-zscore +flagged +\\d+ of " + rows + "; \\d+ of \\d+ injected anomalies found");
    assertThat(out).contains("most unusual, by ");
    assertThat(out.lines().filter(l -> l.startsWith("      because ")).count()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void cashFlowForecastFindsRecurringPaymentsProjectsTheBalanceAndForecastsSpending() throws Exception {
    String out = capture(o -> CashFlowForecast.run(csv, "current", o));
    assertThat(out).containsPattern("1\\. \\d+ recurring series");
    assertThat(out).containsPattern("(?m)^   .*LANDLORD.* +MONTHLY +-?\\d+\\.\\d\\d GBP +next \\d{4}-\\d\\d-\\d\\d");
    assertThat(out).contains("2. balance for the next 60 days (80% band");
    assertThat(out.lines().filter(l -> l.matches("   \\d{4}-\\d\\d-\\d\\d .*\\[.*, .*]")).count())
        .as("8 weekly balance points and 3 monthly forecasts").isEqualTo(8 + 3);
    assertThat(out).containsPattern("expected to (go below|stay above) ");
    assertThat(out).containsPattern("3\\. monthly spending: last \\d{4}-\\d\\d-01 was");
  }

  @Test
  void consentAndEncryptionEnforcesConsentAndShreddingMakesTheDataUnreadable(@TempDir Path dir) throws Exception {
    String out = capture(o -> ConsentAndEncryption.run(csv, dir, o));
    assertThat(out).contains("1. consent ledger: 2 entries; categorization granted: true, forecasting granted: false");
    assertThat(out).containsPattern("2\\. pipeline refused: .*subject-42.*");
    assertThat(out).containsPattern("after the subject granted the rest: \\d+ forecasts");
    assertThat(out).containsPattern("3\\. encrypted " + rows + " descriptions; stored: \\S+…; decrypted: \\S+");
    assertThat(out).contains("moved to another record: refused");
    assertThat(out).contains("4. shredded: true", "decrypting now fails:", "net total of amounts unchanged: ");
    assertThat(out).doesNotContain("unchanged: NO");
    assertThat(out).contains("5. ledger verifies: true (5 entries, 5 for subject-42)");
  }

  interface Body {
    void run(PrintStream out) throws Exception;
  }

  private static String capture(Body body) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      body.run(out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    return text;
  }
}
