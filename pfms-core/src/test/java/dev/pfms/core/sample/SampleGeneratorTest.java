package dev.pfms.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {

  private static final List<SampleRow> ROWS = SampleGenerator.builder().build().generate();

  @Test
  void sameSeedGivesSameDataAndAnotherSeedDoesNot() {
    assertThat(SampleGenerator.builder().build().generate()).isEqualTo(ROWS);
    assertThat(SampleGenerator.builder().seed(7).build().generate()).isNotEqualTo(ROWS);
  }

  @Test
  void everyRowHasATaxonomyCategoryAndUniqueId() {
    assertThat(ROWS).allSatisfy(r -> assertThat(r.transaction().category()).isNotNull());
    assertThat(ROWS.stream().map(r -> r.transaction().id()).distinct().count()).isEqualTo(ROWS.size());
    Set<String> primaries = ROWS.stream().map(r -> r.transaction().category().primary()).collect(Collectors.toSet());
    assertThat(primaries).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void balancesChainPerAccount() {
    Map<String, BigDecimal> last = new HashMap<>();
    for (SampleRow r : ROWS) {
      Transaction t = r.transaction();
      BigDecimal prev = last.get(t.account());
      if (prev != null) {
        assertThat(t.balance().amount()).isEqualByComparingTo(prev.add(t.amount().amount()));
      }
      last.put(t.account(), t.balance().amount());
    }
    assertThat(last.keySet()).containsExactlyInAnyOrder("current", "credit-card");
  }

  @Test
  void anomalyRateStaysConstantAsPeopleGrowAndEachPersonsAnomaliesAreTheirOwn() {
    double rate5 = anomalyShare(5);
    double rate50 = anomalyShare(50);
    // the rate is per person's rows; it used to grow with the rows of everyone generated before
    assertThat(rate5).isBetween(0.009, 0.016);
    assertThat(rate50).isCloseTo(rate5, org.assertj.core.data.Offset.offset(0.002));
    // every person gets anomalies, based on their own accounts (person 1 used to draw from 11, 21, ...)
    List<SampleRow> rows = SampleGenerator.builder().people(12).months(6).build().generate();
    Map<String, Long> perPerson = rows.stream().filter(SampleRow::anomaly)
        .collect(Collectors.groupingBy(r -> r.transaction().account().replaceAll(".*-", ""), Collectors.counting()));
    assertThat(perPerson).hasSize(12);
    long max = perPerson.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = perPerson.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(max - min).isLessThanOrEqualTo(3);
  }

  private static double anomalyShare(int people) {
    List<SampleRow> rows = SampleGenerator.builder().people(people).months(6).build().generate();
    return rows.stream().filter(SampleRow::anomaly).count() / (double) rows.size();
  }

  @Test
  void injectsAnomaliesWithReasonsAndRecurringSeries() {
    long anomalies = ROWS.stream().filter(SampleRow::anomaly).count();
    assertThat(anomalies).isBetween(10L, 60L);
    assertThat(ROWS).filteredOn(SampleRow::anomaly).allSatisfy(r -> assertThat(r.anomalyReason()).isNotBlank());
    Map<String, Long> series = ROWS.stream().filter(r -> !r.series().isEmpty())
        .collect(Collectors.groupingBy(SampleRow::series, Collectors.counting()));
    assertThat(series).containsEntry("rent", 24L).containsEntry("salary", 24L).containsEntry("disney", 10L)
        .containsEntry("water", 8L);
  }

  @Test
  void writesCsvWithHeadersAndOneTruthLinePerTransaction(@TempDir Path dir) throws Exception {
    SampleGenerator.writeCsv(ROWS, dir);
    List<String> tx = Files.readAllLines(dir.resolve("transactions.csv"));
    List<String> truth = Files.readAllLines(dir.resolve("truth.csv"));
    assertThat(tx.get(0)).isEqualTo(SampleGenerator.TRANSACTIONS_HEADER);
    assertThat(truth.get(0)).isEqualTo(SampleGenerator.TRUTH_HEADER);
    assertThat(tx).hasSize(ROWS.size() + 1);
    assertThat(truth).hasSize(ROWS.size() + 1);
    assertThat(truth.get(1)).startsWith("2,");
  }

  @Test
  void committedSampleDataIsWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
    String prop = System.getProperty("pfms.sample.data");
    Assumptions.assumeTrue(prop != null && Files.isDirectory(Path.of(prop)), "sample_data directory not found");
    SampleGenerator.writeCsv(ROWS, dir);
    for (String f : List.of("transactions.csv", "truth.csv")) {
      assertThat(Files.readString(Path.of(prop, f))).as(f + " is stale: regenerate it (see README)")
          .isEqualTo(Files.readString(dir.resolve(f)));
    }
  }
}
