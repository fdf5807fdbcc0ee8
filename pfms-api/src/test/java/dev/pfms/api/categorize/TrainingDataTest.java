package dev.pfms.api.categorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

  private static final List<Category> LABELS = List.of(Category.of("FOOD_AND_DRINK_GROCERIES"),
      Category.of("TRANSPORTATION_TAXIS"), Category.of("RENT_AND_UTILITIES"));

  private static List<Transaction> rows(int n) {
    List<Transaction> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Transaction.builder().account("acc-" + (i % 3)).bookingDate(LocalDate.of(2025, 1, 1).plusDays(i % 300))
          .amount(new Money(new BigDecimal(-(i % 97) - 1).movePointLeft(2), Currency.getInstance("GBP")))
          .description("SHOP " + (i % 13)).category(LABELS.get(i % LABELS.size()))
          .provenance(new Provenance("history.csv", i + 2)).build());
    }
    return out;
  }

  @Test
  void aCompactHistoryGivesTheSameExamplesAsTheListWithAndWithoutCorrections() {
    List<Transaction> plain = rows(2_000);
    CompactTransactions compact = CompactTransactions.of(plain);
    List<Transaction> fixes = List.of(plain.get(5).withCategory(LABELS.get(2)), plain.get(1_500).withCategory(LABELS.get(0)),
        rows(1).get(0).toBuilder().description("NEW SHOP").build().withCategory(LABELS.get(1)));
    for (List<Transaction> corrections : List.of(List.<Transaction>of(), fixes)) {
      TrainingData fromList = TrainingData.of(plain, corrections);
      TrainingData fromCompact = TrainingData.of(compact, corrections);
      assertThat(fromCompact.examples()).isInstanceOf(CompactTransactions.class).isEqualTo(fromList.examples());
      assertThat(fromCompact.correctionCount()).isEqualTo(fromList.correctionCount());
      assertThat(fromCompact.size()).isEqualTo(fromList.size());
      assertThat(fromCompact.trainingHash()).isEqualTo(fromList.trainingHash());
    }
    assertThat(TrainingData.of(compact).examples()).isSameAs(compact);
  }

  @Test
  void aCompactRowWithoutALabelIsNamed() {
    List<Transaction> plain = new ArrayList<>(rows(10));
    plain.set(7, plain.get(7).withCategory(null));
    assertThatThrownBy(() -> TrainingData.of(CompactTransactions.of(plain))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(plain.get(7).id()).hasMessageContaining("history.csv");
  }

  @Test
  void declaredCategoriesAreDedupedSortedAndChangeTheHashButNotTheExamples() {
    TrainingData plain = TrainingData.of(rows(10));
    Category donations = new Category("Donations", "Giving");
    TrainingData declared = plain.withCategories(List.of(donations, Category.of("INCOME_INTEREST"), donations));
    assertThat(declared.categories()).extracting(Category::code).containsExactly("Donations", "INCOME_INTEREST");
    assertThat(declared.examples()).isEqualTo(plain.examples());
    assertThat(declared.labels()).isEqualTo(plain.labels());
    assertThat(plain.categories()).isEmpty();
    assertThat(declared.trainingHash()).isNotEqualTo(plain.trainingHash()).hasSize(64);
    assertThat(plain.withCategories(List.of()).trainingHash()).isEqualTo(plain.trainingHash());
    assertThat(declared.toString()).contains("2 declared categories");
  }
}
