package dev.pfms.tck;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Random;

/** Deterministic fixtures the contracts share: small, labelled, realistic enough to learn from. */
public final class TckData {

  /** The currency of every fixture. */
  public static final Currency GBP = Currency.getInstance("GBP");

  /** Merchant description templates per category; {@code %d} becomes a store or reference number. */
  static final String[][] MERCHANTS = {
      {"FOOD_AND_DRINK_GROCERIES", "POS %d TESCO STORES LONDON GB", "SAINSBURYS S/MKTS %d", "ALDI STORES %d MANCHESTER"},
      {"FOOD_AND_DRINK_COFFEE", "STARBUCKS STORE #%d", "COSTA COFFEE %d LEEDS", "PRET A MANGER %d"},
      {"TRANSPORTATION_FUEL", "SHELL OIL %d", "BP EXPRESS %d GB", "ESSO FUEL STATION %d"},
      {"ENTERTAINMENT_TV_AND_MOVIES", "NETFLIX.COM %d", "SPOTIFY P%d STOCKHOLM", "DISNEY PLUS %d"},
  };

  private TckData() {}

  /**
   * Labelled transactions: every category has {@code perCategory} examples over its merchants.
   *
   * @param perCategory examples per category
   * @param seed the random seed
   * @return the transactions, shuffled deterministically
   */
  public static List<Transaction> labelled(int perCategory, long seed) {
    Random r = new Random(seed);
    List<Transaction> out = new ArrayList<>();
    LocalDate start = LocalDate.of(2025, 1, 1);
    int line = 1;
    for (String[] row : MERCHANTS) {
      Category c = Category.of(row[0]);
      for (int i = 0; i < perCategory; i++) {
        String tpl = row[1 + (i % (row.length - 1))];
        String desc = String.format(tpl, 100 + r.nextInt(9000));
        BigDecimal amount = amountFor(row[0], r);
        out.add(Transaction.builder().account("tck").bookingDate(start.plusDays(r.nextInt(365)))
            .amount(new Money(amount, GBP)).description(desc).category(c)
            .provenance(new Provenance("tck", ++line)).build());
      }
    }
    java.util.Collections.shuffle(out, r);
    return out;
  }

  private static BigDecimal amountFor(String category, Random r) {
    double v = switch (category) {
      case "FOOD_AND_DRINK_GROCERIES" -> 20 + r.nextDouble() * 60;
      case "FOOD_AND_DRINK_COFFEE" -> 2.5 + r.nextDouble() * 3;
      case "TRANSPORTATION_FUEL" -> 40 + r.nextDouble() * 30;
      default -> 5 + r.nextDouble() * 10;
    };
    return BigDecimal.valueOf(-v).setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * An unlabelled transaction.
   *
   * @param description the description
   * @param amount the signed amount
   * @param date the booking date
   * @return the transaction
   */
  public static Transaction tx(String description, String amount, LocalDate date) {
    return Transaction.builder().account("tck").bookingDate(date).amount(new Money(new BigDecimal(amount), GBP))
        .description(description).provenance(new Provenance("tck", 0)).build();
  }

  /**
   * Six months of one person's ordinary spending: weekly groceries, frequent coffee, monthly rent
   * and a streaming subscription.
   *
   * @param seed the random seed
   * @return the history, in date order
   */
  public static List<Transaction> ordinaryHistory(long seed) {
    Random r = new Random(seed);
    List<Transaction> out = new ArrayList<>();
    LocalDate d = LocalDate.of(2025, 1, 1);
    for (int day = 0; day < 182; day++) {
      LocalDate date = d.plusDays(day);
      if (day % 7 == 2) {
        out.add(tx("POS 1234 TESCO STORES LONDON GB", money(-(40 + r.nextDouble() * 20)), date));
      }
      if (r.nextDouble() < 0.5) {
        out.add(tx("STARBUCKS STORE #" + (100 + r.nextInt(5)), money(-(2.8 + r.nextDouble() * 1.5)), date));
      }
      if (date.getDayOfMonth() == 1) {
        out.add(tx("SO LANDLORD RENT", "-1200.00", date));
      }
      if (date.getDayOfMonth() == 15) {
        out.add(tx("NETFLIX.COM", "-10.99", date));
      }
    }
    return out;
  }

  private static String money(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
