package dev.pfms.api.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency. Never a {@code double}.
 *
 * <p>The amount is scaled up to the currency's default fraction digits (so {@code 12.5 GBP} and
 * {@code 12.50 GBP} are equal); a finer scale given by the caller (fuel prices, FX) is kept.
 * Arithmetic across currencies is refused. Immutable and thread-safe.
 *
 * @param amount the signed amount; negative means money out of an account
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

  /** Validates and normalizes the scale. */
  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    if (amount.scale() < digits) {
      amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
    }
  }

  /**
   * Money from a decimal string and a currency code.
   *
   * @param amount a plain decimal such as {@code "-12.50"}
   * @param currencyCode an ISO 4217 code such as {@code "GBP"}
   * @return the money
   */
  public static Money of(String amount, String currencyCode) {
    return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
  }

  /**
   * Money from an amount and a currency.
   *
   * @param amount the amount
   * @param currency the currency
   * @return the money
   */
  public static Money of(BigDecimal amount, Currency currency) {
    return new Money(amount, currency);
  }

  /**
   * Zero in a currency.
   *
   * @param currency the currency
   * @return zero
   */
  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO, currency);
  }

  /**
   * The sum.
   *
   * @param other money in the same currency
   * @return this + other
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * The difference.
   *
   * @param other money in the same currency
   * @return this - other
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  /**
   * The negation.
   *
   * @return -this
   */
  public Money negate() {
    return new Money(amount.negate(), currency);
  }

  /**
   * The absolute value.
   *
   * @return |this|
   */
  public Money abs() {
    return amount.signum() < 0 ? negate() : this;
  }

  /**
   * The sign of the amount.
   *
   * @return -1, 0 or 1
   */
  public int signum() {
    return amount.signum();
  }

  /**
   * Whether this is money out of an account.
   *
   * @return true when the amount is below zero
   */
  public boolean isNegative() {
    return amount.signum() < 0;
  }

  /**
   * Compares amounts of the same currency.
   *
   * @throws IllegalArgumentException when the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency.getCurrencyCode() + " vs " + other.currency.getCurrencyCode());
    }
  }

  /** Returns e.g. {@code -12.50 GBP}. */
  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency.getCurrencyCode();
  }
}
