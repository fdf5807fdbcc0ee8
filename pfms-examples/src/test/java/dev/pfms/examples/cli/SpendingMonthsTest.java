package dev.pfms.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpendingMonthsTest {

  private static Transaction on(String date) {
    return Transaction.builder().account("current").description("TESCO").amount(Money.of("-10.00", "GBP"))
        .bookingDate(LocalDate.parse(date)).build();
  }

  @Test
  void aLongHistoryShowsTheLastThreeFullMonthsBeforeThePartialOne() {
    List<Transaction> txs = List.of(on("2024-01-01"), on("2024-06-15"));
    assertThat(SpendingMonths.of(txs)).containsExactly(YearMonth.of(2024, 3), YearMonth.of(2024, 4),
        YearMonth.of(2024, 5));
    assertThat(SpendingMonths.describe(txs, SpendingMonths.of(txs))).isEqualTo("last 3 full months");
  }

  @Test
  void aHistoryEndingOnTheLastDayCountsThatMonth() {
    List<Transaction> txs = List.of(on("2024-01-01"), on("2024-05-31"));
    assertThat(SpendingMonths.of(txs)).containsExactly(YearMonth.of(2024, 3), YearMonth.of(2024, 4),
        YearMonth.of(2024, 5));
  }

  @Test
  void oneFullMonthIsShownAlone() {
    List<Transaction> txs = List.of(on("2024-02-10"), on("2024-03-01"), on("2024-04-05"));
    assertThat(SpendingMonths.of(txs)).containsExactly(YearMonth.of(2024, 3));
    assertThat(SpendingMonths.describe(txs, SpendingMonths.of(txs))).isEqualTo("the 1 full month in the file");
  }

  @Test
  void aTwoWeekStatementShowsItsPartialMonthsInsteadOfNothing() {
    List<Transaction> txs = List.of(on("2024-02-20"), on("2024-03-04"));
    List<YearMonth> months = SpendingMonths.of(txs);
    assertThat(months).containsExactly(YearMonth.of(2024, 2), YearMonth.of(2024, 3));
    assertThat(SpendingMonths.full(txs, months)).isFalse();
    assertThat(SpendingMonths.describe(txs, months)).isEqualTo("the 2 partial months in the file");
  }
}
