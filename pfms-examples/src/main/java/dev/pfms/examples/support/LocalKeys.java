package dev.pfms.examples.support;

import dev.pfms.api.io.ModelCipher;
import dev.pfms.api.store.FieldProtector;
import dev.pfms.crypto.field.EncryptingFieldProtector;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.field.FieldKeyset;
import dev.pfms.crypto.kms.PasswordKmsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The local user's field keys for the CLI's store and its saved models: one Tink keyset (AES-GCM plus
 * an AES-SIV blind index) in the consent directory, encrypted under a KEK derived from the same
 * password as the consent ledger's signing key ({@code PFMS_LEDGER_PASSWORD}, PBKDF2 parameters in
 * {@value #FILE}{@code .kek.json}), created on first use. With {@code --insecure-dev-key} and no
 * password the keyset is kept in the clear in {@value #DEV_FILE} — development only, as for the
 * ledger. So the store file holds no description, merchant or account in plaintext, and the models
 * in its registry (which keep training descriptions) are sealed.
 *
 * <p>The keys are created once and never replaced: a second process that loses the race to create
 * them reads the winner's. Losing the file loses the store's personal fields (crypto-shredding by
 * design); the store then refuses to open with new keys rather than show ciphertext.
 */
public final class LocalKeys {

  /** The encrypted keyset's file name in the consent directory. */
  public static final String FILE = "store-keys.json";
  /** The development cleartext keyset's file name. */
  public static final String DEV_FILE = "store-keys.dev.json";

  private static final byte[] CONTEXT = "pfms-local-store-keys-v1".getBytes(StandardCharsets.UTF_8);

  private final FieldEncryptor encryptor;

  private LocalKeys(FieldEncryptor encryptor) {
    this.encryptor = encryptor;
  }

  /**
   * Opens (creating on first use) the local keys.
   *
   * @param dir the consent directory
   * @param password the user's password, or {@code null} for the development cleartext keyset
   * @return the keys
   * @throws IOException when the key file cannot be read or written
   * @throws dev.pfms.crypto.CryptoException when the password is wrong or the file was altered
   */
  public static LocalKeys open(Path dir, char[] password) throws IOException {
    Files.createDirectories(dir);
    if (password == null) {
      Path f = dir.resolve(DEV_FILE);
      if (!Files.exists(f)) {
        Path tmp = Files.createTempFile(dir, ".store-keys", ".tmp");
        try {
          FieldKeyset.generate().writeCleartext(tmp);
          link(tmp, f);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return new LocalKeys(FieldEncryptor.create(FieldKeyset.readCleartext(f)));
    }
    Path f = dir.resolve(FILE);
    PasswordKmsClient client = new PasswordKmsClient(password);
    try {
      String uri = client.create(dir.resolve(FILE + ".kek.json"), PasswordKmsClient.DEFAULT_ITERATIONS);
      com.google.crypto.tink.Aead kek = client.getAead(uri);
      if (!Files.exists(f)) {
        Path tmp = Files.createTempFile(dir, ".store-keys", ".tmp");
        try {
          Files.write(tmp, FieldKeyset.generate().wrap(kek, CONTEXT));
          link(tmp, f);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      try {
        return new LocalKeys(FieldEncryptor.create(FieldKeyset.unwrap(Files.readAllBytes(f), kek, CONTEXT)));
      } catch (dev.pfms.crypto.CryptoException e) {
        throw new dev.pfms.crypto.CryptoException(f + ": " + e.getMessage()
            + " (is PFMS_LEDGER_PASSWORD the password these keys were created with?)", e);
      }
    } catch (GeneralSecurityException e) {
      throw new dev.pfms.crypto.CryptoException(f + ": " + e.getMessage(), e);
    } finally {
      client.destroy();
    }
  }

  /** Publishes a fully written file under its name unless one is there already (then the first one wins). */
  private static void link(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      // another process created the keys first: use theirs
    } catch (UnsupportedOperationException e) {
      try {
        Files.copy(tmp, target);
      } catch (FileAlreadyExistsException again) {
        // as above
      }
    }
  }

  /**
   * The store's field protector over these keys.
   *
   * @return the protector
   */
  public FieldProtector protector() {
    return EncryptingFieldProtector.of(encryptor);
  }

  /**
   * The cipher that seals saved models with these keys.
   *
   * @return the cipher
   */
  public ModelCipher modelCipher() {
    return encryptor.modelCipher();
  }

  /** Key ids only. */
  @Override
  public String toString() {
    return "LocalKeys[" + encryptor + "]";
  }
}
