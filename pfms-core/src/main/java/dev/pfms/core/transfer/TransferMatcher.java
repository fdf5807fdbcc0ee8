package dev.pfms.core.transfer;

import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.FxRates;
import dev.pfms.api.money.Spending;
import dev.pfms.api.money.TransferDetector;
import dev.pfms.api.money.TransferMatch;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Matches the two legs of transfers between the user's own accounts: money that leaves one
 * account and the same money reaching another within a few days — same currency and amount, or
 * another currency within a tolerance of the dated exchange rate — with card repayments told
 * apart. Each candidate pair is scored from the amount agreement, the days between the legs and
 * transfer wording or internal categories on each leg; pairs at or above the threshold are kept,
 * best first, each transaction in at most one pair. What the user confirmed always matches; what
 * they rejected never does.
 *
 * <p>Work is linear in the number of transactions (hash look-ups by amount; a sorted scan limited
 * to the date window for cross-currency candidates). Immutable and thread-safe.
 */
public final class TransferMatcher implements TransferDetector {

  private static final Pattern OUT_CUES = Pattern.compile(
      "\\b(TFR|TRANSFER|XFER|TOP[- ]?UP|SAVINGS|REPAYMENT|(BARCLAYCARD|AMEX|MASTERCARD|VISA|CREDIT CARD|CARD) PAYMENT$"
          + "|(BARCLAYCARD|AMEX|MASTERCARD|CREDIT CARD) PAYMENT\\b|FX|EXCHANGE)\\b");
  private static final Pattern IN_CUES = Pattern.compile(
      "\\b(TFR|TRANSFER|XFER|TOP[- ]?UP|PAYMENT RECEIVED|THANK YOU|FROM (CURRENT|SAVINGS|GBP|EUR|USD)\\w*|FX|EXCHANGE)\\b");

  private final int windowDays;
  private final double threshold;
  private final double fxTolerance;
  private final FxRates rates;
  private final TransferDecisions decisions;

  private TransferMatcher(Builder b) {
    this.windowDays = b.windowDays;
    this.threshold = b.threshold;
    this.fxTolerance = b.fxTolerance;
    this.rates = b.rates;
    this.decisions = b.decisions;
  }

  /**
   * A builder with the defaults: a 4-day window, threshold 0.6, no exchange rates (so no
   * cross-currency matches), a 3% exchange-rate tolerance, no decisions.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A matcher with the defaults.
   *
   * @return the matcher
   */
  public static TransferMatcher withDefaults() {
    return builder().build();
  }

  private record Candidate(Transaction out, Transaction in, double score, long gap, TransferMatch.Kind kind,
      String why) {}

  @Override
  public List<TransferMatch> detect(List<Transaction> transactions) {
    Map<String, List<Transaction>> insByKey = new HashMap<>();
    List<Transaction> ins = new ArrayList<>();
    // only the money in is held (the smaller side); the money out is read in a second pass, so a
    // compact history of a million rows is not copied row by row (ADR 0026)
    for (Transaction t : transactions) {
      if (t.amount().signum() > 0) {
        ins.add(t);
        insByKey.computeIfAbsent(key(t.amount().currency().getCurrencyCode(), t.amount().amount()),
            k -> new ArrayList<>()).add(t);
      }
    }
    ins.sort(Comparator.comparing(Transaction::bookingDate).thenComparing(Transaction::id));
    List<Candidate> candidates = new ArrayList<>();
    for (Transaction out : transactions) {
      if (out.amount().signum() >= 0) {
        continue;
      }
      String k = key(out.amount().currency().getCurrencyCode(), out.amount().amount().negate());
      for (Transaction in : insByKey.getOrDefault(k, List.of())) {
        consider(out, in, 1.0, candidates);
      }
      if (rates != null) {
        int from = lowerBound(ins, out.bookingDate().minusDays(1));
        for (int i = from; i < ins.size() && !ins.get(i).bookingDate().isAfter(out.bookingDate().plusDays(windowDays)); i++) {
          Transaction in = ins.get(i);
          if (!in.amount().currency().equals(out.amount().currency())) {
            Double agreement = fxAgreement(out, in);
            if (agreement != null) {
              consider(out, in, agreement, candidates);
            }
          }
        }
      }
    }
    candidates.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::gap)
        .thenComparing(c -> c.out().id()).thenComparing(c -> c.in().id()));
    Set<String> used = new HashSet<>();
    List<TransferMatch> matches = new ArrayList<>();
    for (Candidate c : candidates) {
      if (used.contains(c.out().id()) || used.contains(c.in().id())) {
        continue;
      }
      used.add(c.out().id());
      used.add(c.in().id());
      matches.add(new TransferMatch(c.out().id(), c.in().id(), c.kind(), Math.min(1.0, c.score()), c.why()));
    }
    matches.sort(Comparator.comparing(TransferMatch::outId).thenComparing(TransferMatch::inId));
    return List.copyOf(matches);
  }

  private static String key(String currency, BigDecimal amount) {
    return currency + ':' + amount.stripTrailingZeros().toPlainString();
  }

  private static int lowerBound(List<Transaction> sorted, java.time.LocalDate date) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).bookingDate().isBefore(date)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** 1 for an exact conversion, falling to 0 at the tolerance; null beyond it or without a rate. */
  private Double fxAgreement(Transaction out, Transaction in) {
    try {
      BigDecimal expected = out.amount().amount().negate()
          .multiply(rates.rate(out.amount().currency(), in.amount().currency(), out.bookingDate()));
      BigDecimal diff = in.amount().amount().subtract(expected).abs();
      double rel = diff.divide(expected, MathContext.DECIMAL64).doubleValue();
      return rel > fxTolerance ? null : 1.0 - rel / fxTolerance;
    } catch (FxRates.MissingRateException e) {
      return null; // no rate for that day: cannot judge the pair, so it is not proposed
    }
  }

  private void consider(Transaction out, Transaction in, double amountAgreement, List<Candidate> candidates) {
    if (out.account().equals(in.account())) {
      return; // a refund or reversal on the same account is not a transfer
    }
    long gap = ChronoUnit.DAYS.between(out.bookingDate(), in.bookingDate());
    if (gap < -1 || gap > windowDays) {
      return;
    }
    if (decisions.isRejected(out.id(), in.id())) {
      return;
    }
    boolean cross = !out.amount().currency().equals(in.amount().currency());
    boolean outCue = cue(out, OUT_CUES);
    boolean inCue = cue(in, IN_CUES);
    double score = (cross ? 0.30 : 0.35) * amountAgreement + (cross ? 0.05 : 0)
        + 0.15 * (1.0 - Math.abs(gap) / (double) (windowDays + 1))
        + (outCue ? 0.25 : 0) + (inCue ? 0.25 : 0);
    boolean confirmed = decisions.isConfirmed(out.id(), in.id());
    if (confirmed) {
      score = 1.0;
    }
    if (score + 1e-9 < threshold) {
      return;
    }
    TransferMatch.Kind kind = cross ? TransferMatch.Kind.CROSS_CURRENCY
        : isCard(out, in) ? TransferMatch.Kind.CARD_REPAYMENT : TransferMatch.Kind.OWN_ACCOUNTS;
    StringBuilder why = new StringBuilder(confirmed ? "confirmed by you; " : "");
    why.append(cross ? "amounts agree at the day's exchange rate" : "same amount")
        .append(", ").append(Math.abs(gap) == 0 ? "same day" : Math.abs(gap) + (Math.abs(gap) == 1 ? " day" : " days") + " apart")
        .append(", between two of your accounts");
    if (outCue || inCue) {
      why.append(", transfer wording on ").append(outCue && inCue ? "both legs" : outCue ? "the outgoing leg" : "the incoming leg");
    }
    candidates.add(new Candidate(out, in, BigDecimal.valueOf(score).setScale(4, RoundingMode.HALF_EVEN).doubleValue(),
        Math.abs(gap), kind, why.toString()));
  }

  private static boolean cue(Transaction t, Pattern words) {
    if (t.category() != null && Spending.INTERNAL_CATEGORIES.contains(t.category().code())) {
      return true;
    }
    String d = t.description();
    // descriptions are bounded by the ingestors; look at the first 200 characters only
    String head = (d.length() > 200 ? d.substring(0, 200) : d).toUpperCase(Locale.ROOT);
    return words.matcher(head).find();
  }

  private static boolean isCard(Transaction out, Transaction in) {
    String acc = in.account().toLowerCase(Locale.ROOT);
    return acc.contains("card") || acc.contains("amex") || acc.contains("visa") || acc.contains("mastercard")
        || (out.category() != null && out.category().code().equals("LOAN_PAYMENTS_CREDIT_CARD"))
        || in.description().toUpperCase(Locale.ROOT).contains("PAYMENT RECEIVED");
  }

  /** The settings, no data. */
  @Override
  public String toString() {
    return "TransferMatcher[window " + windowDays + " days, threshold " + threshold + ", fx "
        + (rates == null ? "off" : "±" + fxTolerance) + ", " + decisions + "]";
  }

  /** Builds a {@link TransferMatcher}. Not thread-safe. */
  public static final class Builder {
    private int windowDays = 4;
    private double threshold = 0.6;
    private double fxTolerance = 0.03;
    private FxRates rates;
    private TransferDecisions decisions = TransferDecisions.none();

    private Builder() {}

    /**
     * The most days the incoming leg may follow the outgoing one (it may also precede it by one).
     *
     * @param days 0 to 31
     * @return this
     */
    public Builder windowDays(int days) {
      if (days < 0 || days > 31) {
        throw new IllegalArgumentException("window-days must be in [0, 31]: " + days);
      }
      this.windowDays = days;
      return this;
    }

    /**
     * The lowest score kept as a transfer.
     *
     * @param t in (0, 1]
     * @return this
     */
    public Builder threshold(double t) {
      if (!(t > 0 && t <= 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1]: " + t);
      }
      this.threshold = t;
      return this;
    }

    /**
     * Dated exchange rates, for transfers between accounts in different currencies.
     *
     * @param r the rates
     * @param tolerance the relative difference from the converted amount still accepted (fees,
     *     spreads), in (0, 0.2]
     * @return this
     */
    public Builder exchangeRates(FxRates r, double tolerance) {
      if (!(tolerance > 0 && tolerance <= 0.2)) {
        throw new IllegalArgumentException("fx tolerance must be in (0, 0.2]: " + tolerance);
      }
      this.rates = Objects.requireNonNull(r, "rates");
      this.fxTolerance = tolerance;
      return this;
    }

    /**
     * What the user confirmed and rejected.
     *
     * @param d the decisions
     * @return this
     */
    public Builder decisions(TransferDecisions d) {
      this.decisions = Objects.requireNonNull(d, "decisions");
      return this;
    }

    /**
     * Builds the matcher.
     *
     * @return the matcher
     */
    public TransferMatcher build() {
      return new TransferMatcher(this);
    }
  }
}
