package dev.pfms.tck;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Deterministic transactions for store contracts: row {@code i} is the same in every process. */
public final class StoreFixtures {

  private StoreFixtures() {}

  /**
   * Transaction number {@code i} as a statement line.
   *
   * @param source the statement name
   * @param i the index (distinct indexes give distinct ids)
   * @param line the line in the statement
   * @return the transaction
   */
  public static Transaction row(String source, long i, long line) {
    String cents = String.format("%02d", i % 100);
    return Transaction.builder()
        .account("NL91 ABNA 0417 " + (i % 3))
        .bookingDate(LocalDate.of(2024, 1, 1).plusDays(i / 40))
        .valueDate(i % 2 == 0 ? LocalDate.of(2024, 1, 2).plusDays(i / 40) : null)
        .amount(Money.of("-" + (i % 997) + "." + cents, "EUR"))
        .description("CARD PAYMENT SHOP " + (i % 50) + " REF " + i)
        .reference(i % 5 == 0 ? "R" + i : null)
        .balance(i % 7 == 0 ? Money.of("1000.00", "EUR") : null)
        .provenance(new Provenance(source, line))
        .build();
  }

  /**
   * A statement of rows {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @param source the statement name
   * @param from first index
   * @param to end index
   * @return the transactions, lines 2, 3, … (line 1 is a header)
   */
  public static List<Transaction> statement(String source, long from, long to) {
    List<Transaction> out = new ArrayList<>((int) (to - from));
    for (long i = from; i < to; i++) {
      out.add(row(source, i, i - from + 2));
    }
    return out;
  }
}
