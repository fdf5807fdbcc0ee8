package dev.pfms.crypto.fernet;

import dev.pfms.crypto.field.FieldEncryptor;
import java.time.Instant;
import java.util.Objects;

/**
 * Moves values encrypted by a Python prototype with Fernet to Tink field encryption: decrypt the
 * Fernet token (no TTL: stored data does not expire), then encrypt for the record and field with a
 * {@link FieldEncryptor}. Immutable and thread-safe.
 */
public final class FernetMigration {

  private final Fernet legacy;
  private final FieldEncryptor target;

  /**
   * Creates a migration.
   *
   * @param legacy the Fernet keys the prototype used
   * @param target the field encryptor new tokens are made with
   */
  public FernetMigration(Fernet legacy, FieldEncryptor target) {
    this.legacy = Objects.requireNonNull(legacy, "legacy");
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * Re-encrypts one value.
   *
   * @param recordId the record
   * @param field the field
   * @param fernetToken the prototype's token; its plaintext bytes are kept exactly (text or not), so
   *     {@link FieldEncryptor#decrypt(String, String, byte[])} of the result gives them back
   * @param now the current time (unused by the check: like Python, a token without a TTL is not
   *     checked against the clock, so future-dated tokens migrate too)
   * @return the new field token
   * @throws FernetException when the token is invalid; the message names the record and field
   */
  public String migrate(String recordId, String field, String fernetToken, Instant now) {
    byte[] plain;
    try {
      plain = legacy.decrypt(fernetToken, null, now);
    } catch (FernetException e) {
      throw new FernetException("field '" + field + "' of record '" + recordId + "': " + e.getMessage());
    }
    try {
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(target.encrypt(recordId, field, plain));
    } finally {
      java.util.Arrays.fill(plain, (byte) 0);
    }
  }
}
