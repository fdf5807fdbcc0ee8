package dev.pfms.crypto.fernet;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;

/**
 * Reads and writes Fernet tokens (spec version 0x80) with the JDK's AES-128-CBC/PKCS5 and
 * HMAC-SHA256, as Python's {@code cryptography.fernet} does.
 *
 * <p>Verification follows the spec: base64url decode, version byte 0x80, a timestamp no more than
 * {@link #MAX_CLOCK_SKEW} in the future, a timestamp no older than the TTL when one is given, the HMAC
 * (compared in constant time) before any decryption, then CBC decryption and padding. Several keys
 * may be given (newest first, like Python's {@code MultiFernet}) so rotated keys still decrypt.
 * Immutable and thread-safe.
 */
public final class Fernet {

  /** How far in the future a token's timestamp may be (as in the reference implementations). */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  private static final byte VERSION = (byte) 0x80;
  private static final int OVERHEAD = 1 + 8 + 16 + 32;

  private final List<FernetKey> keys;

  private Fernet(List<FernetKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one Fernet key is needed");
    }
    this.keys = List.copyOf(keys);
  }

  /**
   * A Fernet over keys, the first one used to write.
   *
   * @param keys newest first
   * @return the Fernet
   */
  public static Fernet of(FernetKey... keys) {
    return new Fernet(Arrays.asList(keys));
  }

  /**
   * Encrypts with a random IV at the given time.
   *
   * @param message the bytes
   * @param now the token's timestamp
   * @param random the IV source
   * @return the token
   */
  public String encrypt(byte[] message, Instant now, SecureRandom random) {
    byte[] iv = new byte[16];
    random.nextBytes(iv);
    return encrypt(message, now, iv);
  }

  /**
   * Encrypts with a given IV (for test vectors; an IV must never repeat under a key).
   *
   * @param message the bytes
   * @param now the token's timestamp
   * @param iv 16 bytes
   * @return the token
   */
  public String encrypt(byte[] message, Instant now, byte[] iv) {
    Objects.requireNonNull(message, "message");
    if (iv.length != 16) {
      throw new IllegalArgumentException("IV must be 16 bytes");
    }
    FernetKey key = keys.get(0);
    try {
      Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
      c.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), new IvParameterSpec(iv));
      byte[] ct = c.doFinal(message);
      ByteBuffer b = ByteBuffer.allocate(OVERHEAD + ct.length);
      b.put(VERSION).putLong(now.getEpochSecond()).put(iv).put(ct);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.signingKey());
      mac.update(b.array(), 0, b.position());
      b.put(mac.doFinal());
      return Base64.getUrlEncoder().encodeToString(b.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES-CBC or HMAC-SHA256", e);
    }
  }

  /**
   * Verifies and decrypts a token without a TTL (only the future-timestamp check applies).
   *
   * @param token the token
   * @param now the current time
   * @return the message
   * @throws FernetException when the token is invalid
   */
  public byte[] decrypt(String token, Instant now) {
    return decrypt(token, null, now);
  }

  /**
   * Verifies and decrypts a token.
   *
   * @param token the token
   * @param ttl the maximum age, or {@code null} for none
   * @param now the current time
   * @return the message
   * @throws FernetException saying why the token is invalid
   */
  public byte[] decrypt(String token, Duration ttl, Instant now) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(now, "now");
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      throw new FernetException("token is not base64url");
    }
    if (data.length < OVERHEAD + 16) {
      throw new FernetException("token too short (" + data.length + " bytes)");
    }
    if (data[0] != VERSION) {
      throw new FernetException("unknown token version 0x" + Integer.toHexString(data[0] & 0xff));
    }
    if ((data.length - OVERHEAD) % 16 != 0) {
      throw new FernetException("ciphertext is not a whole number of AES blocks");
    }
    long ts = ByteBuffer.wrap(data, 1, 8).getLong();
    if (ts < 0) {
      throw new FernetException("token timestamp out of range");
    }
    long nowSec = now.getEpochSecond();
    if (ts > nowSec + MAX_CLOCK_SKEW.getSeconds()) {
      throw new FernetException("token timestamp is in the future (more than " + MAX_CLOCK_SKEW.getSeconds()
          + " s of clock skew)");
    }
    if (ttl != null && ts + ttl.getSeconds() < nowSec) {
      throw new FernetException("token expired (older than its TTL of " + ttl.getSeconds() + " s)");
    }
    int macAt = data.length - 32;
    for (FernetKey key : keys) {
      if (macMatches(key, data, macAt)) {
        try {
          Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
          c.init(Cipher.DECRYPT_MODE, key.encryptionKey(), new IvParameterSpec(data, 9, 16));
          return c.doFinal(data, 25, macAt - 25);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
          throw new FernetException("token has a valid HMAC but bad padding");
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("the JDK lacks AES-CBC", e);
        }
      }
    }
    throw new FernetException("HMAC does not match: wrong key or the token was altered");
  }

  /**
   * The timestamp recorded in a token, without verifying it.
   *
   * @param token the token
   * @return the creation time it claims
   * @throws FernetException when it is not a Fernet token
   */
  public static Instant timestampOf(String token) {
    try {
      byte[] d = Base64.getUrlDecoder().decode(token.trim());
      if (d.length < 9 || d[0] != VERSION) {
        throw new FernetException("not a Fernet token");
      }
      return Instant.ofEpochSecond(ByteBuffer.wrap(d, 1, 8).getLong());
    } catch (IllegalArgumentException e) {
      throw new FernetException("token is not base64url");
    }
  }

  private static boolean macMatches(FernetKey key, byte[] data, int macAt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.signingKey());
      mac.update(data, 0, macAt);
      return MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(data, macAt, data.length));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HMAC-SHA256", e);
    }
  }

  /** Never shows keys. */
  @Override
  public String toString() {
    return "Fernet[" + keys.size() + " key(s)]";
  }
}
