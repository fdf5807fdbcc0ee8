package dev.pfms.core.anomaly;

import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link FeatureRow} into sentences a person understands, strongest first, e.g.
 * {@code "£412.00 at AMAZON is 9.3× your usual £44.00 there"}. Stateless and thread-safe.
 *
 * <p>Each reason fires only when its evidence is strong (an amount at least 3× the usual one on at
 * least the minimum history, a duplicate inside the window, a first visit after the warm-up, …).
 * {@link #fallback} gives a sentence for a row a model flags although no single rule fires.
 */
public final class Reasons {

  /** How many times the usual amount a payment must be before it is a reason. */
  public static final double RATIO_THRESHOLD = 3.0;
  /** How many robust deviations an amount must be from the usual before it is a reason. */
  public static final double Z_THRESHOLD = 3.5;

  private Reasons() {}

  private record Reason(double strength, String text) {}

  /**
   * The reasons that apply to a row, strongest first.
   *
   * @param row the features
   * @return the reasons, possibly empty
   */
  public static List<String> explain(FeatureRow row) {
    Transaction t = row.transaction();
    Currency cur = t.amount().currency();
    BigDecimal abs = t.amount().amount().abs();
    String amount = money(abs, cur);
    String merchant = t.merchant().isBlank() ? "this payee" : t.merchant();
    boolean in = t.amount().signum() > 0;
    List<Reason> out = new ArrayList<>();

    if (row.findDuplicateOf().isPresent()) {
      long days = ChronoUnit.DAYS.between(row.duplicateOf(), t.bookingDate());
      out.add(new Reason(10, amount + " at " + merchant + " looks like a duplicate: the same amount was "
          + (in ? "received" : "charged") + " on " + row.duplicateOf()
          + (days == 0 ? " (the same day)" : " (" + days + (days == 1 ? " day" : " days") + " earlier)")));
    }
    double mz = row.get(Feature.MERCHANT_Z);
    if (row.merchantCount() > 0 && row.merchantUsual().signum() > 0) {
      double ratio = abs.doubleValue() / row.merchantUsual().doubleValue();
      if (ratio >= RATIO_THRESHOLD && mz >= Z_THRESHOLD) {
        out.add(new Reason(mz, amount + " at " + merchant + " is " + times(ratio) + " your usual "
            + money(row.merchantUsual(), cur) + " there"));
      } else if (ratio <= 1 / RATIO_THRESHOLD && mz <= -Z_THRESHOLD && in) {
        out.add(new Reason(-mz, amount + " from " + merchant + " is well below the usual "
            + money(row.merchantUsual(), cur)));
      }
    }
    double cz = row.get(Feature.CATEGORY_Z);
    if (row.categoryCount() > 0 && row.categoryUsual().signum() > 0) {
      double ratio = abs.doubleValue() / row.categoryUsual().doubleValue();
      if (ratio >= RATIO_THRESHOLD && cz >= Z_THRESHOLD) {
        out.add(new Reason(cz * 0.9, amount + " in " + categoryName(row.categoryCode()) + " is " + times(ratio)
            + " your usual " + money(row.categoryUsual(), cur) + " for that category"));
      }
    }
    double az = row.get(Feature.ACCOUNT_Z);
    if (row.accountCount() > 0 && row.accountUsual().signum() > 0) {
      double ratio = abs.doubleValue() / row.accountUsual().doubleValue();
      if (ratio >= RATIO_THRESHOLD * 3 && az >= Z_THRESHOLD) {
        out.add(new Reason(az * 0.8, amount + " is " + times(ratio) + " your typical "
            + (in ? "credit " : "payment ") + money(row.accountUsual(), cur) + " on this account"));
      }
    }
    if (row.get(Feature.NEW_MERCHANT) > 0) {
      out.add(new Reason(2 + Math.min(3, row.get(Feature.LOG_AMOUNT) / 2),
          amount + (in ? " from " : " at ") + merchant + " is your first transaction with this "
              + (in ? "payer" : "merchant")));
    }
    if (row.get(Feature.FOREIGN_CURRENCY) > 0) {
      out.add(new Reason(3, amount + " at " + merchant + " was paid in a foreign currency (you usually use "
          + row.homeCurrency().getCurrencyCode() + ")"));
    }
    if (row.previousVisit() != null && row.merchantCount() >= 3) {
      long gap = ChronoUnit.DAYS.between(row.previousVisit(), t.bookingDate());
      if (gap >= 180) {
        out.add(new Reason(1.5, "first transaction with " + merchant + " in " + gap + " days"));
      }
    }
    if (row.get(Feature.ROUND_AMOUNT) >= 1 && abs.compareTo(BigDecimal.valueOf(100)) >= 0) {
      out.add(new Reason(1, amount + " is a round amount, unlike most card payments"));
    }
    out.sort(Comparator.comparingDouble(Reason::strength).reversed());
    List<String> texts = new ArrayList<>(out.size());
    for (Reason r : out) {
      texts.add(r.text());
    }
    return texts;
  }

  /**
   * A reason for a row that a model flags although no rule in {@link #explain} fires: names the
   * amount, the payee and the feature furthest from usual.
   *
   * @param row the features
   * @param score the model's score, for the sentence
   * @return one sentence
   */
  public static String fallback(FeatureRow row, double score) {
    Transaction t = row.transaction();
    String amount = money(t.amount().amount().abs(), t.amount().currency());
    String merchant = t.merchant().isBlank() ? "this payee" : t.merchant();
    double mz = Math.abs(row.get(Feature.MERCHANT_Z));
    double cz = Math.abs(row.get(Feature.CATEGORY_Z));
    double az = Math.abs(row.get(Feature.ACCOUNT_Z));
    String what;
    if (mz >= cz && mz >= az && mz > 1.5) {
      what = "the amount is " + fmt(mz) + " deviations from your usual "
          + money(row.merchantUsual(), t.amount().currency()) + " there";
    } else if (cz >= az && cz > 1.5) {
      what = "the amount is " + fmt(cz) + " deviations from your usual for " + categoryName(row.categoryCode());
    } else if (az > 1.5) {
      what = "the amount is " + fmt(az) + " deviations from your typical payment on this account";
    } else if (row.previousVisit() == null) {
      what = "you have no earlier transaction with this payee";
    } else {
      what = "the combination of amount, payee and timing is rare in your history";
    }
    return amount + " at " + merchant + " is unusual (score " + fmt(score) + "): " + what;
  }

  /**
   * A row's score with reasons for a flagged row only (explaining costs more than scoring).
   *
   * @param row the features
   * @param score the model's score
   * @param flagged whether the model flags it
   * @return the score; a flagged one has at least one reason
   */
  public static dev.pfms.api.model.AnomalyScore scored(FeatureRow row, double score, boolean flagged) {
    List<String> reasons = List.of();
    if (flagged) {
      reasons = explain(row);
      if (reasons.isEmpty()) {
        reasons = List.of(fallback(row, score));
      }
    }
    return new dev.pfms.api.model.AnomalyScore(row.transaction().id(), score, flagged, reasons);
  }

  /**
   * Formats money for a sentence: {@code £1,234.50}, {@code €9.99}, or {@code 12.00 CHF}.
   *
   * @param amount the amount
   * @param currency the currency
   * @return the text
   */
  public static String money(BigDecimal amount, Currency currency) {
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    String n = String.format(Locale.ROOT, "%,." + digits + "f", amount.setScale(digits, RoundingMode.HALF_EVEN));
    return switch (currency.getCurrencyCode()) {
      case "GBP" -> "£" + n;
      case "EUR" -> "€" + n;
      case "USD" -> "$" + n;
      case "JPY" -> "¥" + n;
      default -> n + " " + currency.getCurrencyCode();
    };
  }

  private static String times(double ratio) {
    return fmt(ratio) + "×";
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  /** A category's name for people ("Pharmacy"), or its code when the standard taxonomy lacks it. */
  static String categoryName(String code) {
    Taxonomy tax = Taxonomy.standard();
    return code == null ? "" : tax.find(code).map(tax::label).orElse(code);
  }
}
