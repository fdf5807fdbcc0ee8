package dev.pfms.crypto.field;

import dev.pfms.api.store.FieldProtector;
import java.util.Objects;

/**
 * The store's {@link FieldProtector} over {@link FieldEncryptor}: personal columns are AES-256-GCM
 * ciphertext bound to the record id and field name, look-up columns the encryptor's blind index.
 * Thread-safe; fails closed (a value that does not decrypt raises {@link dev.pfms.crypto.CryptoException}).
 *
 * <pre>{@code
 * FieldProtector p = EncryptingFieldProtector.of(FieldEncryptor.create(keys));
 * Store store = Pfms.create(StoreProvider.class, "sqlite",
 *     ProviderConfig.builder().set("path", "pfms.db").set("field-protector", p).build());
 * }</pre>
 *
 * <p>After a rotation of the deterministic key, rows written before it keep tokens of the old key:
 * re-encrypt them ({@link ReEncryptionJob}) before retiring that key, or look-ups miss them.
 */
public final class EncryptingFieldProtector implements FieldProtector {

  private final FieldEncryptor encryptor;

  private EncryptingFieldProtector(FieldEncryptor encryptor) {
    this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
  }

  /**
   * A protector over an encryptor.
   *
   * @param encryptor the field encryptor
   * @return the protector
   */
  public static FieldProtector of(FieldEncryptor encryptor) {
    return new EncryptingFieldProtector(encryptor);
  }

  @Override
  public String protect(String recordId, String field, String plaintext) {
    return encryptor.encrypt(recordId, field, plaintext);
  }

  @Override
  public String reveal(String recordId, String field, String stored) {
    return encryptor.decrypt(recordId, field, stored);
  }

  @Override
  public String blindIndex(String field, String value) {
    return encryptor.blindIndex(field, value);
  }

  /** Names no key material. */
  @Override
  public String toString() {
    return "EncryptingFieldProtector[" + encryptor + "]";
  }
}
