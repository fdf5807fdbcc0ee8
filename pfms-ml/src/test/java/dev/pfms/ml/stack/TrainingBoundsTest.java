package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Transaction;
import dev.pfms.tck.TckData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingBoundsTest {

  private static final Category FOOD = new Category("FOOD_AND_DRINK_GROCERIES", "FOOD_AND_DRINK");
  private static final Category FUN = new Category("ENTERTAINMENT_TV_AND_MOVIES", "ENTERTAINMENT");

  private static Transaction row(String text, int day, Category c) {
    return TckData.tx(text, "-" + (10 + day % 7) + ".00", LocalDate.of(2024, 1, 1).plusDays(day)).withCategory(c);
  }

  @Test
  void historiesBelowTheBoundsAreFittedUnchanged() {
    List<Transaction> rows = new ArrayList<>();
    for (int d = 0; d < 8; d++) {
      rows.add(row("TESCO STORES " + (3000 + d), d, FOOD));
    }
    TrainingBounds.Bounded b = TrainingBounds.defaults().apply(TrainingData.of(rows));
    assertThat(b.kept()).containsExactlyElementsOf(rows);
    assertThat(b.groups()).isEqualTo(1);
  }

  @Test
  void aRepeatedMerchantKeepsItsMostRecentRowsInTheirOriginalOrder() {
    List<Transaction> rows = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      // store numbers vary, the normalized text does not
      rows.add(row("TESCO STORES " + (3000 + d), d, FOOD));
      rows.add(row("NETFLIX.COM", d, FUN));
    }
    TrainingBounds.Bounded b = new TrainingBounds(5, 0, 1).apply(TrainingData.of(rows));
    assertThat(b.seen()).isEqualTo(200);
    assertThat(b.groups()).isEqualTo(2);
    assertThat(b.kept()).hasSize(10);
    assertThat(b.kept()).isSortedAccordingTo((x, y) -> Integer.compare(rows.indexOf(x), rows.indexOf(y)));
    for (Transaction t : b.kept()) {
      assertThat(t.bookingDate()).isAfterOrEqualTo(LocalDate.of(2024, 1, 1).plusDays(95));
    }
  }

  @Test
  void aCappedLabelKeepsEveryMerchantAndTheCapIsSeeded() {
    List<Transaction> rows = new ArrayList<>();
    String[] shops = {"TESCO STORES", "SAINSBURYS SMKT", "ALDI", "LIDL GB", "WAITROSE", "CO OP FOOD", "ICELAND"};
    for (int d = 0; d < 70; d++) {
      rows.add(row(shops[d % shops.length], d, FOOD));
    }
    TrainingBounds bounds = new TrainingBounds(0, 10, 7);
    TrainingBounds.Bounded b = bounds.apply(TrainingData.of(rows));
    assertThat(b.kept()).hasSize(10);
    Set<String> kept = new HashSet<>();
    for (Transaction t : b.kept()) {
      kept.add(t.description());
    }
    assertThat(kept).containsExactlyInAnyOrder(shops);
    assertThat(bounds.apply(TrainingData.of(rows)).kept()).containsExactlyElementsOf(b.kept());
  }

  @Test
  void correctionsAreAlwaysKept() {
    List<Transaction> rows = new ArrayList<>();
    for (int d = 0; d < 50; d++) {
      rows.add(row("TESCO STORES", d, FOOD));
    }
    List<Transaction> corrections = new ArrayList<>();
    for (int d = 50; d < 60; d++) {
      corrections.add(row("TESCO STORES", d, FUN));
    }
    TrainingBounds.Bounded b = new TrainingBounds(2, 3, 1).apply(TrainingData.of(rows, corrections));
    Map<String, Integer> byLabel = new HashMap<>();
    for (Transaction t : b.kept()) {
      byLabel.merge(t.category().code(), 1, Integer::sum);
    }
    assertThat(byLabel).containsEntry(FOOD.code(), 2).containsEntry(FUN.code(), 10);
    assertThat(b.kept()).containsAll(corrections);
  }
}
