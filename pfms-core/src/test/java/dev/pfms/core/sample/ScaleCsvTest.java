package dev.pfms.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ScaleCsvTest {

  @Test
  void everyCategoryIsOneOfTheStandardTaxonomy() {
    StringWriter w = new StringWriter();
    new ScaleCsv(3, true, 9).write(w, 30_000);
    dev.pfms.api.model.Taxonomy taxonomy = dev.pfms.api.model.Taxonomy.standard();
    java.util.Set<String> seen = new java.util.TreeSet<>();
    String[] lines = w.toString().split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",");
      seen.add(f[f.length - 1]);
    }
    assertThat(seen).hasSizeGreaterThan(20);
    for (String code : seen) {
      assertThat(taxonomy.find(code)).as(code).isPresent();
    }
  }

  @Test
  void accountsKeepPaceSoTheLastMonthsHoldEveryAccount() {
    int accounts = 20;
    long rows = 100_000; // 5,000 rows, about four years, per account
    StringWriter w = new StringWriter();
    new ScaleCsv(accounts, true, 42).write(w, rows);
    String[] lines = w.toString().split("\n");
    assertThat(lines).hasSize((int) rows + 1);
    Map<String, LocalDate> last = new HashMap<>();
    Map<YearMonth, Integer> perMonth = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",");
      LocalDate d = LocalDate.parse(f[0]);
      LocalDate before = last.put(f[1], d);
      assertThat(before == null || !d.isBefore(before)).as("account %s in date order at line %d", f[1], i + 1).isTrue();
      perMonth.merge(YearMonth.from(d), 1, Integer::sum);
    }
    assertThat(last).hasSize(accounts);
    LocalDate earliestEnd = last.values().stream().min(LocalDate::compareTo).orElseThrow();
    LocalDate latestEnd = last.values().stream().max(LocalDate::compareTo).orElseThrow();
    assertThat(earliestEnd.plusDays(7)).as("every account ends within a week of the others").isAfterOrEqualTo(latestEnd);
    // every full month but the first and last holds about the same number of rows: no fall at the end
    int[] counts = perMonth.values().stream().mapToInt(Integer::intValue).toArray();
    double mean = 0;
    for (int k = 1; k < counts.length - 1; k++) {
      mean += counts[k];
    }
    mean /= counts.length - 2;
    assertThat(counts[counts.length - 2]).as("the last full month").isBetween((int) (mean * 0.9), (int) (mean * 1.1));
  }
}
