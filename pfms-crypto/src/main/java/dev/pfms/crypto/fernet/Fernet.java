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
 * <p>Verification behaves exactly like Python's {@code cryptography.fernet} (the reference; checked
 * against cases it produced, see {@code tools/reference/fernet/make_cases.py}): the token is
 * base64url-decoded the way Python's {@code base64.urlsafe_b64decode} does (characters outside the
 * alphabet, such as line breaks, are skipped; the standard alphabet's {@code +} and {@code /} are
 * accepted; missing padding is an error; anything after complete padding is ignored), then version
 * byte 0x80; <em>only when a TTL is given</em>, a timestamp no older than the TTL and no more than
 * {@link #MAX_CLOCK_SKEW} in the future (without a TTL, like Python, no time is checked: stored data
 * does not expire); the timestamp is an unsigned 64-bit number; then the HMAC (compared in constant
 * time) before any decryption, then CBC decryption and PKCS#7 padding. Several keys
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
   * Verifies and decrypts a token without a TTL: as in Python, no time check applies.
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
    byte[] data = pythonUrlsafeB64decode(token);
    if (data.length < OVERHEAD + 16) {
      throw new FernetException("token too short (" + data.length + " bytes)");
    }
    if (data[0] != VERSION) {
      throw new FernetException("unknown token version 0x" + Integer.toHexString(data[0] & 0xff));
    }
    if ((data.length - OVERHEAD) % 16 != 0) {
      throw new FernetException("ciphertext is not a whole number of AES blocks");
    }
    long ts = ByteBuffer.wrap(data, 1, 8).getLong(); // unsigned, as Python reads it
    if (ttl != null) {
      long nowSec = now.getEpochSecond();
      if (ts < 0 || Long.compareUnsigned(ts, nowSec + MAX_CLOCK_SKEW.getSeconds()) > 0) {
        throw new FernetException("token timestamp is in the future (more than " + MAX_CLOCK_SKEW.getSeconds()
            + " s of clock skew)");
      }
      if (ts + ttl.getSeconds() < nowSec) {
        throw new FernetException("token expired (older than its TTL of " + ttl.getSeconds() + " s)");
      }
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
    byte[] d = pythonUrlsafeB64decode(token);
    if (d.length < 9 || d[0] != VERSION) {
      throw new FernetException("not a Fernet token");
    }
    long ts = ByteBuffer.wrap(d, 1, 8).getLong();
    return ts < 0 || ts > Instant.MAX.getEpochSecond() ? Instant.MAX : Instant.ofEpochSecond(ts);
  }

  /**
   * Python's {@code base64.urlsafe_b64decode} (CPython's non-strict {@code binascii.a2b_base64} after
   * mapping {@code -_} to {@code +/}): characters outside the alphabet are skipped, decoding stops at
   * complete padding, and a last group of 1 character or missing padding is an error.
   */
  static byte[] pythonUrlsafeB64decode(String token) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(token.length() * 3 / 4 + 3);
    int quadPos = 0;
    int leftChar = 0;
    int pads = 0;
    for (int i = 0; i < token.length(); i++) {
      char ch = token.charAt(i);
      if (ch > 0x7f) {
        throw new FernetException("token is not ASCII");
      }
      if (ch == '=') {
        if (quadPos >= 2 && quadPos + ++pads >= 4) {
          return out.toByteArray();
        }
        continue;
      }
      int v = b64value(ch);
      if (v < 0) {
        continue;
      }
      pads = 0;
      switch (quadPos) {
        case 0 -> {
          quadPos = 1;
          leftChar = v;
        }
        case 1 -> {
          quadPos = 2;
          out.write((leftChar << 2) | (v >> 4));
          leftChar = v & 0x0f;
        }
        case 2 -> {
          quadPos = 3;
          out.write((leftChar << 4) | (v >> 2));
          leftChar = v & 0x03;
        }
        default -> {
          quadPos = 0;
          out.write((leftChar << 6) | v);
          leftChar = 0;
        }
      }
    }
    if (quadPos == 1) {
      throw new FernetException("token is not base64url: one data character more than a multiple of 4");
    }
    if (quadPos != 0) {
      throw new FernetException("token is not base64url: incorrect padding");
    }
    return out.toByteArray();
  }

  private static int b64value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-' || c == '+') {
      return 62;
    }
    if (c == '_' || c == '/') {
      return 63;
    }
    return -1;
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
