package dev.pfms.crypto.fernet;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Fernet key: 128-bit signing key ‖ 128-bit encryption key, written as 32 bytes base64url.
 * Immutable and thread-safe; {@link #toString()} never shows the key.
 */
public final class FernetKey {

  private final byte[] signing;
  private final byte[] encryption;

  private FernetKey(byte[] raw) {
    this.signing = Arrays.copyOfRange(raw, 0, 16);
    this.encryption = Arrays.copyOfRange(raw, 16, 32);
  }

  /**
   * Parses a key as Python's {@code Fernet.generate_key()} writes it.
   *
   * @param base64url 32 bytes, base64url (padding optional)
   * @return the key
   * @throws IllegalArgumentException when it is not base64url of 32 bytes (the message holds no key bytes)
   */
  public static FernetKey parse(String base64url) {
    Objects.requireNonNull(base64url, "key");
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(base64url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Fernet key is not base64url");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("Fernet key must be 32 bytes, got " + raw.length);
    }
    try {
      return new FernetKey(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * A new random key.
   *
   * @param random the randomness
   * @return the key
   */
  public static FernetKey generate(SecureRandom random) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    try {
      return new FernetKey(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * The key in Fernet's text form (to hand to another Fernet implementation). Treat as a secret.
   *
   * @return base64url with padding, as Python writes it
   */
  public String encode() {
    byte[] raw = new byte[32];
    System.arraycopy(signing, 0, raw, 0, 16);
    System.arraycopy(encryption, 0, raw, 16, 16);
    try {
      return Base64.getUrlEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  SecretKeySpec signingKey() {
    return new SecretKeySpec(signing, "HmacSHA256");
  }

  SecretKeySpec encryptionKey() {
    return new SecretKeySpec(encryption, "AES");
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "FernetKey[redacted]";
  }
}
