package dev.pfms.spark.internal;

import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Transaction ↔ Row in {@link dev.pfms.spark.Schemas} order. Stateless. */
public final class Rows {

  /** Number of columns of {@code Schemas.TRANSACTIONS}. */
  public static final int TX_COLUMNS = 17;

  private Rows() {}

  /**
   * Why a transaction cannot be a row, if it cannot: amounts finer than 4 decimals would be rounded
   * by {@code decimal(22,4)}, so they are reported instead of silently changed.
   *
   * @param t the transaction
   * @return the reason, or empty
   */
  public static Optional<String> unrepresentable(Transaction t) {
    if (t.amount().amount().stripTrailingZeros().scale() > 4
        || t.balance() != null && t.balance().amount().stripTrailingZeros().scale() > 4) {
      return Optional.of("the amount or balance has more than 4 decimals, which decimal(22,4) cannot hold exactly");
    }
    if (t.amount().amount().precision() - t.amount().amount().scale() > 18) {
      return Optional.of("the amount has more than 18 integer digits, which decimal(22,4) cannot hold");
    }
    return Optional.empty();
  }

  /**
   * A transaction as a row.
   *
   * @param t the transaction
   * @param format the ingestor's format
   * @return the row
   */
  public static Row transaction(Transaction t, String format) {
    return RowFactory.create(t.id(), t.account(), java.sql.Date.valueOf(t.bookingDate()),
        t.valueDate() == null ? null : java.sql.Date.valueOf(t.valueDate()), t.amount().amount(),
        t.amount().currency().getCurrencyCode(), t.description(), t.merchant(), t.reference(),
        t.balance() == null ? null : t.balance().amount(), t.category() == null ? null : t.category().code(),
        t.provenance().source(), t.provenance().line(), format, t.counterparty(), t.counterpartyAccount(), t.memo());
  }

  /**
   * A row of {@code Schemas.TRANSACTIONS} (or a wider schema starting with it) as a transaction, with
   * the id it was read with and what the bank said about the other party (counterparty name, masked
   * account, memo) and the bank reference.
   *
   * @param r the row
   * @return the transaction
   */
  public static Transaction toTransaction(Row r) {
    Currency ccy = Currency.getInstance(r.getString(5));
    BigDecimal balance = r.isNullAt(9) ? null : r.getDecimal(9);
    return new Transaction(r.getString(0), r.getString(1), date(r.get(2)), r.isNullAt(3) ? null : date(r.get(3)),
        new Money(r.getDecimal(4).stripTrailingZeros(), ccy), r.getString(6), r.getString(14), r.getString(15),
        r.getString(16), r.getString(7), r.getString(8),
        balance == null ? null : new Money(balance.stripTrailingZeros(), ccy),
        r.isNullAt(10) ? null : Category.of(r.getString(10)), new Provenance(r.getString(11), r.getLong(12)));
  }

  /**
   * The source column of a transaction row.
   *
   * @param r the row
   * @return the file name
   */
  public static String source(Row r) {
    return r.getString(11);
  }

  /**
   * The format column of a transaction row.
   *
   * @param r the row
   * @return the ingestor's format
   */
  public static String format(Row r) {
    return r.getString(13);
  }

  /**
   * A problem as a row.
   *
   * @param p the problem
   * @return the row
   */
  public static Row problem(IngestProblem p) {
    return RowFactory.create(p.source(), p.line(), p.field(), p.reason());
  }

  /**
   * An analyzed row: the transaction row's columns, then the prediction and the score.
   *
   * @param t the transaction
   * @param format the ingestor's format
   * @param p the prediction
   * @param s the score, or null when scoring is off
   * @return the row
   */
  public static Row analyzed(Transaction t, String format, Prediction p, AnomalyScore s) {
    Object[] v = new Object[TX_COLUMNS + 7];
    Row base = transaction(t, format);
    for (int i = 0; i < TX_COLUMNS; i++) {
      v[i] = base.get(i);
    }
    v[TX_COLUMNS] = p.category().code();
    v[TX_COLUMNS + 1] = p.confidence();
    v[TX_COLUMNS + 2] = p.needsReview();
    v[TX_COLUMNS + 3] = p.model();
    v[TX_COLUMNS + 4] = s == null ? 0.0 : s.score();
    v[TX_COLUMNS + 5] = s != null && s.flagged();
    v[TX_COLUMNS + 6] = s == null ? List.of().toArray(new String[0]) : s.reasons().toArray(new String[0]);
    return RowFactory.create(v);
  }

  /**
   * A date column value (java.sql.Date, or LocalDate when {@code spark.sql.datetime.java8API.enabled}).
   *
   * @param o the value
   * @return the date
   */
  public static LocalDate date(Object o) {
    return o instanceof LocalDate d ? d : ((java.sql.Date) o).toLocalDate();
  }
}
