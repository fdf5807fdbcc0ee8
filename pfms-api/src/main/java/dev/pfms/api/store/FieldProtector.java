package dev.pfms.api.store;

/**
 * How a store protects personal fields (description, merchant/counterparty, account) at rest.
 *
 * <p>The crypto module implements this with its field encryption (randomized AEAD bound to the record
 * id and field name) and its blind index (a keyed, deterministic token), so the database holds no
 * plaintext personal data yet the store can still find a transaction's account or merchant by
 * equality. {@link #plaintext()} stores values as they are, for users who have not configured keys.
 *
 * <p>Implementations must be thread-safe, must not log values, and must fail closed: a token that does
 * not decrypt raises an exception, never yields a guess.
 */
public interface FieldProtector {

  /**
   * Protects one value for storage.
   *
   * @param recordId the id of the record the value belongs to (bound to the ciphertext)
   * @param field the field name, e.g. {@code "description"}
   * @param plaintext the value
   * @return what to store
   */
  String protect(String recordId, String field, String plaintext);

  /**
   * Recovers a value protected by {@link #protect}.
   *
   * @param recordId the same record id
   * @param field the same field name
   * @param stored what was stored
   * @return the value
   * @throws RuntimeException when the value does not decrypt with the keys at hand
   */
  String reveal(String recordId, String field, String stored);

  /**
   * A deterministic look-up token for a value: equal values in one field give equal tokens.
   *
   * @param field the field name
   * @param value the value
   * @return the token
   */
  String blindIndex(String field, String value);

  /**
   * Whether values are encrypted (false only for {@link #plaintext()}).
   *
   * @return true when stored values are not plaintext
   */
  default boolean encrypts() {
    return true;
  }

  /**
   * Stores values as they are; the blind index is the value itself.
   *
   * @return the no-op protector
   */
  static FieldProtector plaintext() {
    return PlaintextProtector.INSTANCE;
  }
}

/** The no-op protector. */
enum PlaintextProtector implements FieldProtector {
  INSTANCE;

  @Override
  public String protect(String recordId, String field, String plaintext) {
    return plaintext;
  }

  @Override
  public String reveal(String recordId, String field, String stored) {
    return stored;
  }

  @Override
  public String blindIndex(String field, String value) {
    return value;
  }

  @Override
  public boolean encrypts() {
    return false;
  }

  @Override
  public String toString() {
    return "FieldProtector.plaintext()";
  }
}
