package dev.pfms.crypto.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Reads and writes Tink keysets as JSON files: encrypted under a KEK (envelope encryption; the
 * normal way) or in the clear (a documented development default only). Writes are atomic
 * (temporary file, fsync, rename). Stateless and thread-safe.
 */
public final class KeysetFiles {

  private KeysetFiles() {}

  /**
   * Writes a keyset encrypted under a KEK.
   *
   * @param handle the keyset
   * @param file where
   * @param kek the key-encryption key, e.g. from {@link Keks#aead(String)}
   * @param associatedData binds the file to its use (e.g. {@code "pfms-field-keys"}); must be given
   *     again to read it
   * @throws IOException when it cannot be written
   */
  public static void writeEncrypted(KeysetHandle handle, Path file, Aead kek, byte[] associatedData) throws IOException {
    try {
      String json = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, kek, associatedData);
      TinkRuntime.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot encrypt keyset for " + file, e);
    }
  }

  /**
   * Reads a keyset encrypted under a KEK.
   *
   * @param file the file
   * @param kek the key-encryption key
   * @param associatedData what it was written with
   * @return the keyset
   * @throws IOException when it cannot be read
   * @throws CryptoException when the KEK or associated data is wrong or the file was altered
   */
  public static KeysetHandle readEncrypted(Path file, Aead kek, byte[] associatedData) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, kek, associatedData);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot decrypt keyset file " + file
          + ": wrong KEK, wrong associated data, or the file was altered", e);
    }
  }

  /**
   * Writes a keyset in the clear. <strong>Development default only</strong>: anyone who can read the
   * file has the keys. The file is made {@code rw-------} on POSIX systems.
   *
   * @param handle the keyset
   * @param file where
   * @throws IOException when it cannot be written
   */
  public static void writeCleartext(KeysetHandle handle, Path file) throws IOException {
    try {
      String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
      TinkRuntime.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
      LocalKeysetKmsClient.restrict(file);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot serialize keyset for " + file, e);
    }
  }

  /**
   * Reads a cleartext keyset.
   *
   * @param file the file
   * @return the keyset
   * @throws IOException when it cannot be read
   * @throws CryptoException when it is not a valid keyset
   */
  public static KeysetHandle readCleartext(Path file) throws IOException {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
          InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("keyset file " + file + " is not a valid Tink JSON keyset", e);
    }
  }

  /**
   * Serializes the public half of a keyset (no secrets), e.g. an Ed25519 verification key.
   *
   * @param handle a private keyset
   * @return Tink JSON of its public keyset
   */
  public static String publicKeysetJson(KeysetHandle handle) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("keyset has no public half", e);
    }
  }
}
