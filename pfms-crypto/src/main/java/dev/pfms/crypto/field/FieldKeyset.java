package dev.pfms.crypto.field;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keys of field encryption: an AES-256-GCM keyset for randomized encryption and an HMAC-SHA256
 * keyset for blind indexes (a keyed one-way PRF: an index token reveals nothing and cannot be
 * decrypted; keysets made before 0.2 hold AES-256-SIV keys there, still usable for look-ups, and
 * {@link #rotate()} adds an HMAC key). Immutable and thread-safe; rotation returns a
 * new {@code FieldKeyset}.
 *
 * <p>Rotation procedure: {@link #rotate()} adds a new primary key to both keysets (old keys stay
 * enabled, so old data still decrypts); persist it; run a {@link ReEncryptionJob} until it reports
 * nothing left on an old key; then {@link #retire(int)} the old key ids and persist again.
 *
 * <p>{@link #toString()} shows key ids only; the keys never leave Tink's {@link KeysetHandle} except
 * encrypted under a KEK ({@link #writeEncrypted}) or as a cleartext dev file ({@link #writeCleartext}).
 */
public final class FieldKeyset {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] AD_AEAD = "pfms-field-keyset:aead".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AD_DAEAD = "pfms-field-keyset:deterministic".getBytes(StandardCharsets.UTF_8);

  private final KeysetHandle aead;
  private final KeysetHandle deterministic;

  private FieldKeyset(KeysetHandle aead, KeysetHandle deterministic) {
    this.aead = Objects.requireNonNull(aead, "aead");
    this.deterministic = Objects.requireNonNull(deterministic, "deterministic");
  }

  /**
   * Generates fresh keys.
   *
   * @return a keyset with one AES-256-GCM and one HMAC-SHA256 key
   */
  public static FieldKeyset generate() {
    TinkRuntime.config();
    try {
      return new FieldKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
          KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate field keys", e);
    }
  }

  /**
   * Wraps existing Tink keysets.
   *
   * @param aead an AEAD keyset (e.g. AES-256-GCM)
   * @param deterministic the blind-index keyset: HMAC (a Tink MAC keyset), or legacy AES-SIV
   * @return the field keyset
   */
  public static FieldKeyset of(KeysetHandle aead, KeysetHandle deterministic) {
    TinkRuntime.config();
    return new FieldKeyset(aead, deterministic);
  }

  /**
   * A copy with a new primary key in each keyset; old keys stay enabled for decryption.
   *
   * @return the rotated keyset
   */
  public FieldKeyset rotate() {
    try {
      return new FieldKeyset(addPrimary(aead, PredefinedAeadParameters.AES256_GCM),
          addPrimary(deterministic, PredefinedMacParameters.HMAC_SHA256_256BITTAG));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot rotate field keys", e);
    }
  }

  private static KeysetHandle addPrimary(KeysetHandle h, com.google.crypto.tink.Parameters p)
      throws GeneralSecurityException {
    return KeysetHandle.newBuilder(h).addEntry(KeysetHandle.generateEntryFromParameters(p).withRandomId().makePrimary())
        .build();
  }

  /**
   * A copy without a key (after a {@link ReEncryptionJob} moved everything off it). Data still
   * encrypted under it becomes unreadable.
   *
   * @param keyId an id from {@link #keyIds()} or {@link #deterministicKeyIds()}; not a primary
   * @return the keyset without it
   * @throws IllegalArgumentException when the id is unknown or is a primary
   */
  public FieldKeyset retire(int keyId) {
    try {
      KeysetHandle a = remove(aead, keyId);
      KeysetHandle d = remove(deterministic, keyId);
      if (a == aead && d == deterministic) {
        throw new IllegalArgumentException("no key with id " + keyId + "; ids are " + keyIds() + " and " + deterministicKeyIds());
      }
      return new FieldKeyset(a, d);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot retire key " + keyId, e);
    }
  }

  private static KeysetHandle remove(KeysetHandle h, int keyId) throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(h);
    for (int i = 0; i < b.size(); i++) {
      if (h.getAt(i).getId() == keyId) {
        if (h.getAt(i).isPrimary()) {
          throw new IllegalArgumentException("key " + keyId + " is a primary; rotate before retiring it");
        }
        b.deleteAt(i);
        return b.build();
      }
    }
    return h;
  }

  /**
   * The AEAD keyset.
   *
   * @return the handle (Tink handles never print keys)
   */
  public KeysetHandle aeadHandle() {
    return aead;
  }

  /**
   * The deterministic AEAD keyset.
   *
   * @return the handle
   */
  public KeysetHandle deterministicHandle() {
    return deterministic;
  }

  /**
   * The id of the AEAD primary key (new ciphertexts use it).
   *
   * @return the key id
   */
  public int primaryKeyId() {
    return aead.getPrimary().getId();
  }

  /**
   * The id of the deterministic primary key.
   *
   * @return the key id
   */
  public int deterministicPrimaryKeyId() {
    return deterministic.getPrimary().getId();
  }

  /**
   * The ids of the enabled AEAD keys, in keyset order.
   *
   * @return the ids
   */
  public List<Integer> keyIds() {
    return ids(aead);
  }

  /**
   * The ids of the enabled deterministic keys, in keyset order.
   *
   * @return the ids
   */
  public List<Integer> deterministicKeyIds() {
    return ids(deterministic);
  }

  private static List<Integer> ids(KeysetHandle h) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      if (h.getAt(i).getStatus() == KeyStatus.ENABLED) {
        ids.add(h.getAt(i).getId());
      }
    }
    return List.copyOf(ids);
  }

  /**
   * Writes both keysets to one JSON file, each encrypted under the KEK (envelope encryption).
   *
   * @param file where
   * @param kek the key-encryption key, e.g. {@code Keks.aead(uri)}
   * @throws IOException when it cannot be written
   */
  public void writeEncrypted(Path file, Aead kek) throws IOException {
    TinkRuntime.writeAtomically(file, wrap(kek, new byte[0]));
  }

  /**
   * Reads keys written by {@link #writeEncrypted}.
   *
   * @param file the file
   * @param kek the KEK they were written with
   * @return the keys
   * @throws IOException when the file cannot be read
   * @throws CryptoException when the KEK is wrong or the file was altered
   */
  public static FieldKeyset readEncrypted(Path file, Aead kek) throws IOException {
    try {
      return unwrap(Files.readAllBytes(file), kek, new byte[0]);
    } catch (CryptoException e) {
      throw new CryptoException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Both keysets encrypted under a KEK, as JSON bytes ({@code format}, {@code aead},
   * {@code deterministic}; each an encrypted Tink keyset).
   *
   * @param kek the key-encryption key
   * @param context extra associated data binding the wrapped keys to their owner (e.g. a subject);
   *     the same bytes must be given to {@link #unwrap}
   * @return the wrapped keys
   */
  public byte[] wrap(Aead kek, byte[] context) {
    Objects.requireNonNull(kek, "kek");
    try {
      ObjectNode n = JSON.createObjectNode();
      n.put("format", "pfms-field-keyset-v1");
      n.set("aead", JSON.readTree(TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(aead, kek, concat(AD_AEAD, context))));
      n.set("deterministic", JSON.readTree(
          TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(deterministic, kek, concat(AD_DAEAD, context))));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    } catch (GeneralSecurityException | IOException e) {
      throw new CryptoException("cannot wrap field keys under the KEK", e);
    }
  }

  /**
   * Unwraps keys made by {@link #wrap}.
   *
   * @param wrapped the bytes
   * @param kek the KEK
   * @param context the context given to {@code wrap}
   * @return the keys
   * @throws CryptoException when the KEK or context is wrong, or the bytes were altered
   */
  public static FieldKeyset unwrap(byte[] wrapped, Aead kek, byte[] context) {
    TinkRuntime.config();
    JsonNode n;
    try {
      n = JSON.readTree(wrapped);
    } catch (IOException e) {
      throw new CryptoException("not a pfms field keyset (invalid JSON)");
    }
    if (n == null || !"pfms-field-keyset-v1".equals(n.path("format").asText()) || !n.has("aead") || !n.has("deterministic")) {
      throw new CryptoException("not a pfms field keyset (format pfms-field-keyset-v1)");
    }
    try {
      return new FieldKeyset(
          TinkJsonProtoKeysetFormat.parseEncryptedKeyset(n.get("aead").toString(), kek, concat(AD_AEAD, context)),
          TinkJsonProtoKeysetFormat.parseEncryptedKeyset(n.get("deterministic").toString(), kek,
              concat(AD_DAEAD, context)));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot unwrap field keys: wrong KEK, wrong owner, or the keys were altered", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + 1 + b.length);
    out[a.length] = '|';
    System.arraycopy(b, 0, out, a.length + 1, b.length);
    return out;
  }

  /**
   * Writes both keysets in the clear. <strong>Development default only</strong>; prefer
   * {@link #writeEncrypted}.
   *
   * @param file where (made {@code rw-------} on POSIX)
   * @throws IOException when it cannot be written
   */
  public void writeCleartext(Path file) throws IOException {
    try {
      ObjectNode n = JSON.createObjectNode();
      n.put("format", "pfms-field-keyset-v1-cleartext");
      n.set("aead", JSON.readTree(TinkJsonProtoKeysetFormat.serializeKeyset(aead,
          com.google.crypto.tink.InsecureSecretKeyAccess.get())));
      n.set("deterministic", JSON.readTree(TinkJsonProtoKeysetFormat.serializeKeyset(deterministic,
          com.google.crypto.tink.InsecureSecretKeyAccess.get())));
      TinkRuntime.writeAtomically(file, JSON.writeValueAsBytes(n));
      try {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not POSIX
      }
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot serialize field keys for " + file, e);
    }
  }

  /**
   * Reads keys written by {@link #writeCleartext}. Development default only.
   *
   * @param file the file
   * @return the keys
   * @throws IOException when the file cannot be read
   * @throws CryptoException when it is not a cleartext field keyset
   */
  public static FieldKeyset readCleartext(Path file) throws IOException {
    TinkRuntime.config();
    JsonNode n = JSON.readTree(Files.readAllBytes(file));
    if (n == null || !"pfms-field-keyset-v1-cleartext".equals(n.path("format").asText())) {
      throw new CryptoException(file + ": not a cleartext pfms field keyset file");
    }
    try {
      return new FieldKeyset(
          TinkJsonProtoKeysetFormat.parseKeyset(n.get("aead").toString(), com.google.crypto.tink.InsecureSecretKeyAccess.get()),
          TinkJsonProtoKeysetFormat.parseKeyset(n.get("deterministic").toString(),
              com.google.crypto.tink.InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | NullPointerException e) {
      throw new CryptoException("invalid field keys in " + file, e);
    }
  }

  /** Key ids only, never key material. */
  @Override
  public String toString() {
    return "FieldKeyset[aead primary=" + primaryKeyId() + " keys=" + keyIds() + ", deterministic primary="
        + deterministicPrimaryKeyId() + " keys=" + deterministicKeyIds() + "]";
  }
}
