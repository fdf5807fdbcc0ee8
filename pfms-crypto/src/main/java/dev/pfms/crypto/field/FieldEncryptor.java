package dev.pfms.crypto.field;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encrypts PII fields of records with Tink.
 *
 * <ul>
 *   <li><b>Randomized (AES-256-GCM)</b>: {@link #encrypt(String, String, String)}. The associated
 *       data is the record id and the field name, so a ciphertext copied to another record or another
 *       field does not decrypt. Encrypting the same value twice gives different ciphertexts.
 *   <li><b>Blind index (HMAC-SHA256, a keyed one-way PRF), for look-up</b>:
 *       {@link #blindIndex(String, String)}. The same value in the same field always gives the same
 *       token, so an application can find records by an exact value (e.g. an IBAN) without decrypting.
 *       That is its cost too: equal values are visibly equal. The token cannot be decrypted; without
 *       the key it cannot even be recomputed, so after shredding it reveals nothing. The input is the
 *       field name and the value (a look-up does not know the record).
 * </ul>
 *
 * <p>Encryptors of a subject's keys from {@code SubjectKeyStore} share a {@link KeyRevocation}:
 * once the subject is shredded every method of every such encryptor (and blind index) refuses,
 * including encryptors obtained before, and no call races the erasure.
 *
 * <p>Tokens are base64url (no padding) of Tink's ciphertext, whose first five bytes name the key
 * ({@link #keyIdOf(String)}), so decryption works across {@link FieldKeyset#rotate() rotations}.
 *
 * <p>Immutable and thread-safe. Failures are {@link CryptoException}s naming the record id and field
 * (never the value or key). {@link #toString()} shows key ids only.
 */
public final class FieldEncryptor {

  private static final byte[] DOMAIN = "pfms-field-v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DOMAIN_INDEX = "pfms-blind-index-v1".getBytes(StandardCharsets.UTF_8);

  private final FieldKeyset keys;
  private final Aead aead;
  private final List<Index> indexPerKey;
  private final KeyRevocation revocation;

  /** One blind-index key: HMAC (one-way) or, in keysets made before 0.2, AES-SIV. */
  private record Index(com.google.crypto.tink.Mac mac, DeterministicAead legacy) {
    byte[] compute(byte[] value, byte[] context) throws GeneralSecurityException {
      if (mac != null) {
        byte[] in = java.util.Arrays.copyOf(context, context.length + value.length);
        System.arraycopy(value, 0, in, context.length, value.length);
        return mac.computeMac(in);
      }
      return legacy.encryptDeterministically(value, context);
    }
  }

  private FieldEncryptor(FieldKeyset keys, KeyRevocation revocation) {
    this.keys = keys;
    this.revocation = revocation;
    this.aead = TinkRuntime.primitive(keys.aeadHandle(), Aead.class);
    this.indexPerKey = perKey(keys.deterministicHandle());
  }

  /**
   * An encryptor over a keyset.
   *
   * @param keys the keys
   * @return the encryptor
   */
  public static FieldEncryptor create(FieldKeyset keys) {
    return new FieldEncryptor(Objects.requireNonNull(keys, "keys"), KeyRevocation.NEVER);
  }

  /**
   * An encryptor that stops working, with every other encryptor sharing the switch, when the switch
   * is revoked.
   *
   * @param keys the keys
   * @param revocation the switch
   * @return the encryptor
   */
  public static FieldEncryptor create(FieldKeyset keys, KeyRevocation revocation) {
    return new FieldEncryptor(Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(revocation, "revocation"));
  }

  private static List<Index> perKey(KeysetHandle h) {
    List<Index> primary = new ArrayList<>();
    List<Index> others = new ArrayList<>();
    try {
      for (int i = 0; i < h.size(); i++) {
        KeysetHandle.Entry e = h.getAt(i);
        if (e.getStatus() != KeyStatus.ENABLED) {
          continue;
        }
        KeysetHandle single = KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(e.getKey()).withFixedId(e.getId()).makePrimary()).build();
        Index x = e.getKey() instanceof com.google.crypto.tink.mac.MacKey
            ? new Index(TinkRuntime.primitive(single, com.google.crypto.tink.Mac.class), null)
            : new Index(null, TinkRuntime.primitive(single, DeterministicAead.class));
        (e.isPrimary() ? primary : others).add(x);
      }
    } catch (GeneralSecurityException ex) {
      throw new CryptoException("cannot build blind-index primitives", ex);
    }
    primary.addAll(others);
    return List.copyOf(primary);
  }

  /**
   * The keys this encryptor uses.
   *
   * @return the keyset
   */
  public FieldKeyset keys() {
    return keys;
  }

  /**
   * Encrypts a text field.
   *
   * @param recordId the record the value belongs to (e.g. a transaction id)
   * @param field the field name (e.g. {@code "counterpartyIban"})
   * @param plaintext the value
   * @return a base64url token
   */
  public String encrypt(String recordId, String field, String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    return TinkRuntime.b64(encrypt(recordId, field, plaintext.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Encrypts bytes.
   *
   * @param recordId the record
   * @param field the field name
   * @param plaintext the value
   * @return Tink ciphertext (5-byte key prefix, nonce, ciphertext, tag)
   */
  public byte[] encrypt(String recordId, String field, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    return revocation.use(() -> {
      try {
        return aead.encrypt(plaintext, associatedData(recordId, field));
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot encrypt field '" + field + "' of record '" + recordId + "'", e);
      }
    });
  }

  /**
   * Decrypts a text field.
   *
   * @param recordId the record it was encrypted for
   * @param field the field it was encrypted for
   * @param token a token from {@link #encrypt(String, String, String)}
   * @return the value
   * @throws CryptoException when the token belongs to another record or field, was altered, or its
   *     key is not in the keyset (retired or shredded)
   */
  public String decrypt(String recordId, String field, String token) {
    Objects.requireNonNull(token, "token");
    byte[] ct;
    try {
      ct = TinkRuntime.unb64(token);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("field '" + field + "' of record '" + recordId + "' is not a base64url token");
    }
    return new String(decrypt(recordId, field, ct), StandardCharsets.UTF_8);
  }

  /**
   * Decrypts bytes.
   *
   * @param recordId the record it was encrypted for
   * @param field the field it was encrypted for
   * @param ciphertext from {@link #encrypt(String, String, byte[])}
   * @return the value
   * @throws CryptoException as {@link #decrypt(String, String, String)}
   */
  public byte[] decrypt(String recordId, String field, byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    return revocation.use(() -> {
      try {
        return aead.decrypt(ciphertext, associatedData(recordId, field));
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot decrypt field '" + field + "' of record '" + recordId
            + "': it belongs to another record or field, was altered, or its key (id "
            + keyIdOrUnknown(ciphertext) + ") is not in the keyset", e);
      }
    });
  }

  /**
   * The blind index of a value in a field, under the primary key: HMAC-SHA256 over the field name and
   * the value, with Tink's 5-byte key prefix, for exact look-up. Equal values give equal tokens (that
   * is the point, and the leak). One-way: there is no way back to the value.
   *
   * @param field the field name
   * @param value the value
   * @return a base64url token
   */
  public String blindIndex(String field, String value) {
    return revocation.use(() -> TinkRuntime.b64(index(indexPerKey.get(0), field, value)));
  }

  /**
   * The tokens a value has under every enabled blind-index key, primary first: search for any of
   * them while a rotation is under way (an index cannot be re-keyed without its value: recompute it
   * from the randomized field when moving to a new key).
   *
   * @param field the field name
   * @param value the value
   * @return the tokens, primary first
   */
  public List<String> blindIndexCandidates(String field, String value) {
    return revocation.use(() -> {
      List<String> out = new ArrayList<>(indexPerKey.size());
      for (Index d : indexPerKey) {
        out.add(TinkRuntime.b64(index(d, field, value)));
      }
      return List.copyOf(out);
    });
  }

  private static byte[] index(Index d, String field, String value) {
    Objects.requireNonNull(value, "value");
    try {
      return d.compute(value.getBytes(StandardCharsets.UTF_8), indexAssociatedData(field));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot compute the blind index of field '" + field + "'", e);
    }
  }

  /**
   * Whether a token (randomized or blind index) is under the current primary key.
   *
   * @param token a token
   * @param deterministicToken true for a blind-index token
   * @return true when no re-encryption is needed
   */
  public boolean isCurrent(String token, boolean deterministicToken) {
    int id = keyIdOf(token);
    return id == (deterministicToken ? keys.deterministicPrimaryKeyId() : keys.primaryKeyId());
  }

  /**
   * The id of the key a token was made with, from Tink's 5-byte prefix.
   *
   * @param token a token
   * @return the key id
   * @throws CryptoException when the token has no Tink key prefix
   */
  public static int keyIdOf(String token) {
    byte[] b;
    try {
      b = TinkRuntime.unb64(token);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("not a base64url token");
    }
    if (b.length < 5 || b[0] != 0x01) {
      throw new CryptoException("token has no Tink key prefix");
    }
    return ByteBuffer.wrap(b, 1, 4).getInt();
  }

  private static String keyIdOrUnknown(byte[] ct) {
    return ct.length >= 5 && ct[0] == 0x01 ? Integer.toString(ByteBuffer.wrap(ct, 1, 4).getInt()) : "unknown";
  }

  /**
   * The associated data of a randomized field: a domain tag, then the record id and the field name,
   * each length-prefixed so that no two (record, field) pairs share an encoding.
   */
  static byte[] associatedData(String recordId, String field) {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(field, "field");
    byte[] r = recordId.getBytes(StandardCharsets.UTF_8);
    byte[] f = field.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(DOMAIN.length + 8 + r.length + f.length)
        .put(DOMAIN).putInt(r.length).put(r).putInt(f.length).put(f).array();
  }

  private static byte[] indexAssociatedData(String field) {
    byte[] f = Objects.requireNonNull(field, "field").getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(DOMAIN_INDEX.length + 4 + f.length).put(DOMAIN_INDEX).putInt(f.length).put(f).array();
  }

  /**
   * This encryptor as a cipher for saved models ({@link dev.pfms.api.io.ModelDirectory#protect}): model
   * files sealed with it are opened only while its keys exist, so shredding the subject whose key it
   * is makes the subject's saved models unreadable, like the subject's fields. Sealing and opening go
   * through the same revocation check as {@link #encrypt(String, String, byte[])}.
   *
   * @return the cipher; its key id is {@code tink:<primary key id>}
   */
  public dev.pfms.api.io.ModelCipher modelCipher() {
    FieldEncryptor self = this;
    return new dev.pfms.api.io.ModelCipher() {
      @Override
      public String keyId() {
        return "tink:" + Integer.toUnsignedString(keys.primaryKeyId());
      }

      @Override
      public byte[] seal(byte[] plaintext, byte[] associatedData) {
        return self.encrypt(MODEL_RECORD, java.util.HexFormat.of().formatHex(associatedData), plaintext);
      }

      @Override
      public byte[] open(byte[] ciphertext, byte[] associatedData) {
        return self.decrypt(MODEL_RECORD, java.util.HexFormat.of().formatHex(associatedData), ciphertext);
      }

      @Override
      public String toString() {
        return "ModelCipher[" + keyId() + "]";
      }
    };
  }

  /** The record id under which saved-model files are sealed (the field is their associated data). */
  private static final String MODEL_RECORD = "pfms-saved-model";

  /** Key ids only. */
  @Override
  public String toString() {
    return "FieldEncryptor[" + keys + "]";
  }
}
