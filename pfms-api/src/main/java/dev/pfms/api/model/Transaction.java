package dev.pfms.api.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One normalized bank transaction. Immutable and thread-safe.
 *
 * <p>The {@code id} is a content hash of account, booking date, amount, normalized description and
 * an occurrence counter (see {@link TransactionIds}), so re-importing the same statement, or an
 * overlapping one, yields the same ids and adds nothing, while two genuinely identical transactions
 * on one day keep distinct ids.
 *
 * <p>What the bank says is kept apart: {@code description} is the bank's text for the line as one
 * string (what the id is computed from); {@code counterparty} is the other party's name,
 * {@code counterpartyAccount} its account (masked to the last four digits, like {@code account}),
 * {@code memo} the remittance text or note, and {@code reference} the bank's reference. The
 * {@code merchant} is derived from the counterparty when the file names one, else from the
 * description.
 *
 * <p>Optional components ({@code valueDate}, {@code counterparty}, {@code counterpartyAccount},
 * {@code memo}, {@code reference}, {@code balance}, {@code category}) may be {@code null}; use the
 * {@code find…} accessors for an {@link Optional} view.
 *
 * @param id stable content id
 * @param account the account identifier (masked or pseudonymous; never a full card number)
 * @param bookingDate the booking (posting) date
 * @param valueDate the value date, or {@code null}
 * @param amount the signed amount; negative means money out
 * @param description the raw description as the bank wrote it
 * @param counterparty the other party's name as the bank wrote it, or {@code null}
 * @param counterpartyAccount the other party's account, masked ({@code ****1234}), or {@code null}
 * @param memo the remittance text, purpose or note, or {@code null}
 * @param merchant the normalized merchant or counterparty (may be empty when unknown)
 * @param reference the bank's reference or FITID, or {@code null}
 * @param balance the running balance after this transaction, or {@code null}
 * @param category the category, or {@code null} when not categorized
 * @param provenance the source file and line
 */
public record Transaction(
    String id,
    String account,
    LocalDate bookingDate,
    LocalDate valueDate,
    Money amount,
    String description,
    String counterparty,
    String counterpartyAccount,
    String memo,
    String merchant,
    String reference,
    Money balance,
    Category category,
    Provenance provenance) {

  /** Validates the required components. */
  public Transaction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(bookingDate, "bookingDate");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(provenance, "provenance");
    if (balance != null && !balance.currency().equals(amount.currency())) {
      throw new IllegalArgumentException("balance currency differs from amount currency");
    }
  }

  /**
   * A transaction without counterparty, counterparty account or memo: the shape before these
   * components existed (stores and encoders written against it keep compiling).
   *
   * @param id stable content id
   * @param account the account identifier
   * @param bookingDate the booking date
   * @param valueDate the value date, or {@code null}
   * @param amount the signed amount
   * @param description the raw description
   * @param merchant the normalized merchant
   * @param reference the reference, or {@code null}
   * @param balance the running balance, or {@code null}
   * @param category the category, or {@code null}
   * @param provenance the source file and line
   */
  public Transaction(String id, String account, LocalDate bookingDate, LocalDate valueDate, Money amount,
      String description, String merchant, String reference, Money balance, Category category,
      Provenance provenance) {
    this(id, account, bookingDate, valueDate, amount, description, null, null, null, merchant, reference, balance,
        category, provenance);
  }

  /**
   * A builder; {@link Builder#build()} derives the id when none is set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The value date, if the bank gave one.
   *
   * @return the value date
   */
  public Optional<LocalDate> findValueDate() {
    return Optional.ofNullable(valueDate);
  }

  /**
   * The other party's name, if the bank gave one.
   *
   * @return the counterparty name
   */
  public Optional<String> findCounterparty() {
    return Optional.ofNullable(counterparty);
  }

  /**
   * The other party's account, masked to its last four digits, if the bank gave one.
   *
   * @return the masked counterparty account
   */
  public Optional<String> findCounterpartyAccount() {
    return Optional.ofNullable(counterpartyAccount);
  }

  /**
   * The remittance text, purpose or note, if the bank gave one apart from the counterparty.
   *
   * @return the memo
   */
  public Optional<String> findMemo() {
    return Optional.ofNullable(memo);
  }

  /**
   * The bank reference, if any.
   *
   * @return the reference
   */
  public Optional<String> findReference() {
    return Optional.ofNullable(reference);
  }

  /**
   * The running balance, if the bank gave one.
   *
   * @return the balance
   */
  public Optional<Money> findBalance() {
    return Optional.ofNullable(balance);
  }

  /**
   * The category, if categorized.
   *
   * @return the category
   */
  public Optional<Category> findCategory() {
    return Optional.ofNullable(category);
  }

  /**
   * This transaction with another category (the id is unchanged).
   *
   * @param newCategory the category, or {@code null} to clear it
   * @return the copy
   */
  public Transaction withCategory(Category newCategory) {
    return new Transaction(id, account, bookingDate, valueDate, amount, description, counterparty,
        counterpartyAccount, memo, merchant, reference, balance, newCategory, provenance);
  }

  /**
   * A builder initialized from this transaction.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder().id(id).account(account).bookingDate(bookingDate).valueDate(valueDate)
        .amount(amount).description(description).counterparty(counterparty)
        .counterpartyAccount(counterpartyAccount).memo(memo).merchant(merchant).reference(reference)
        .balance(balance).category(category).provenance(provenance);
  }

  /** Shows no description, counterparty or account: they can carry personal data. */
  @Override
  public String toString() {
    return "Transaction[" + id + " " + bookingDate + " " + amount + " at " + provenance + "]";
  }

  /** Builds a {@link Transaction}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String account = "default";
    private LocalDate bookingDate;
    private LocalDate valueDate;
    private Money amount;
    private String description = "";
    private String counterparty;
    private String counterpartyAccount;
    private String memo;
    private String merchant;
    private String reference;
    private Money balance;
    private Category category;
    private Provenance provenance;
    private int occurrence;

    private Builder() {}

    /** @param v the id; derived from the content when not set @return this */
    public Builder id(String v) { this.id = v; return this; }
    /** @param v the account @return this */
    public Builder account(String v) { this.account = v; return this; }
    /** @param v the booking date @return this */
    public Builder bookingDate(LocalDate v) { this.bookingDate = v; return this; }
    /** @param v the value date, or null @return this */
    public Builder valueDate(LocalDate v) { this.valueDate = v; return this; }
    /** @param v the signed amount @return this */
    public Builder amount(Money v) { this.amount = v; return this; }
    /** @param v the raw description @return this */
    public Builder description(String v) { this.description = v; return this; }
    /** @param v the counterparty's name, or null @return this */
    public Builder counterparty(String v) { this.counterparty = v; return this; }
    /** @param v the counterparty's account, already masked, or null @return this */
    public Builder counterpartyAccount(String v) { this.counterpartyAccount = v; return this; }
    /** @param v the remittance text or note, or null @return this */
    public Builder memo(String v) { this.memo = v; return this; }
    /**
     * @param v the merchant; when not set, the counterparty (white space folded) or else the
     *     normalized description
     * @return this
     */
    public Builder merchant(String v) { this.merchant = v; return this; }
    /** @param v the reference, or null @return this */
    public Builder reference(String v) { this.reference = v; return this; }
    /** @param v the running balance, or null @return this */
    public Builder balance(Money v) { this.balance = v; return this; }
    /** @param v the category, or null @return this */
    public Builder category(Category v) { this.category = v; return this; }
    /** @param v the provenance @return this */
    public Builder provenance(Provenance v) { this.provenance = v; return this; }
    /** @param v how many identical transactions came before this one in the same source @return this */
    public Builder occurrence(int v) { this.occurrence = v; return this; }

    /**
     * Builds the transaction.
     *
     * @return the transaction
     * @throws NullPointerException naming a missing required field
     */
    public Transaction build() {
      Objects.requireNonNull(bookingDate, "bookingDate");
      Objects.requireNonNull(amount, "amount");
      String m = merchant != null ? merchant : merchantOf(counterparty, description);
      Provenance p = provenance != null ? provenance : new Provenance("memory", 0);
      String i = id != null ? id : TransactionIds.of(account, bookingDate, amount, description, occurrence);
      return new Transaction(i, account, bookingDate, valueDate, amount, description, blankToNull(counterparty),
          blankToNull(counterpartyAccount), blankToNull(memo), m, reference, balance, category, p);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }

  /**
   * The merchant key the ingestors and the builder derive: the counterparty's name with white space
   * folded when there is one, else {@link Merchants#normalize} of the description.
   *
   * @param counterparty the counterparty's name, or null
   * @param description the description
   * @return the merchant (may be empty)
   */
  public static String merchantOf(String counterparty, String description) {
    if (counterparty != null && !counterparty.isBlank()) {
      return counterparty.strip().replaceAll("\\s+", " ");
    }
    return Merchants.normalize(description);
  }
}
