package dev.pfms.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountListTest {

  private static List<Transaction> accounts(int n) {
    List<Transaction> out = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      for (int k = 0; k < 2; k++) {
        out.add(Transaction.builder().account(String.format("acct-%03d", i)).description("TESCO")
            .amount(Money.of("-1.00", "GBP")).bookingDate(LocalDate.of(2024, 1, 1 + k)).build());
      }
    }
    return out;
  }

  @Test
  void upToTenAccountsAreListedAndMoreAreCounted() {
    assertThat(AnalyzeCommand.accountList(accounts(2))).isEqualTo("[acct-000, acct-001]");
    assertThat(AnalyzeCommand.accountList(accounts(10))).endsWith("acct-009]");
    assertThat(AnalyzeCommand.accountList(accounts(200))).startsWith("[acct-000, acct-001,")
        .endsWith("acct-009 and 190 more]");
  }
}
