package dev.pfms.crypto.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A Tink {@link KmsClient} whose "KMS" is a cleartext Tink AEAD keyset in a local file: the default
 * key-encryption key (KEK) for development, tests and single-machine installs.
 *
 * <p>URIs look like {@code local-keyset:///var/lib/app/kek.json} (the part after
 * {@code local-keyset://} is the file path). The file holds the KEK in the clear, so protect it with
 * file permissions (it is created {@code rw-------}) or, in production, use a real KMS instead: see
 * {@link Keks}. Thread-safe; {@link #getAead} reads the file on every call.
 */
public final class LocalKeysetKmsClient implements KmsClient {

  /** The URI prefix this client serves. */
  public static final String PREFIX = "local-keyset://";

  /** Creates the client; it serves every {@code local-keyset://} URI. */
  public LocalKeysetKmsClient() {}

  /**
   * The URI of a KEK file.
   *
   * @param file the keyset file
   * @return {@code local-keyset://} + the absolute path
   */
  public static String uri(Path file) {
    return PREFIX + file.toAbsolutePath();
  }

  /**
   * Generates a new AES-256-GCM KEK keyset file (cleartext; development default).
   *
   * @param file where to write it; must not exist
   * @return the file's KEK URI
   * @throws IOException when the file exists or cannot be written
   */
  public static String generate(Path file) throws IOException {
    if (Files.exists(file)) {
      throw new IOException("KEK file " + file + " already exists; refusing to overwrite a key");
    }
    TinkRuntime.config(); // registers the key managers (the first Tink use in a process may be this one)
    try {
      KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      String json = TinkJsonProtoKeysetFormat.serializeKeyset(kek, InsecureSecretKeyAccess.get());
      TinkRuntime.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
      restrict(file);
      return uri(file);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot generate a KEK", e);
    }
  }

  static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Non-POSIX file system: permissions are the operator's job, as documented.
    }
  }

  @Override
  public boolean doesSupport(String keyUri) {
    return keyUri != null && keyUri.startsWith(PREFIX) && keyUri.length() > PREFIX.length();
  }

  /** Credentials do not apply to a local file; returns this client. */
  @Override
  public KmsClient withCredentials(String credentialPath) {
    return this;
  }

  /** Credentials do not apply to a local file; returns this client. */
  @Override
  public KmsClient withDefaultCredentials() {
    return this;
  }

  @Override
  public Aead getAead(String keyUri) throws GeneralSecurityException {
    Objects.requireNonNull(keyUri, "keyUri");
    if (!doesSupport(keyUri)) {
      throw new GeneralSecurityException("not a " + PREFIX + " URI: " + keyUri);
    }
    Path file = Path.of(keyUri.substring(PREFIX.length()));
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot read KEK keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
    KeysetHandle kek = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    return kek.getPrimitive(TinkRuntime.config(), Aead.class);
  }

  @Override
  public String toString() {
    return "LocalKeysetKmsClient[" + PREFIX + "]";
  }
}
