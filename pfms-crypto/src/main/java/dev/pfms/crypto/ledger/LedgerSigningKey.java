package dev.pfms.crypto.ledger;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.KeysetFiles;
import dev.pfms.crypto.kms.PasswordKmsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 signing key of a consent ledger that keeps its entries somewhere else than a file (a
 * database): the same key handling, entry signatures and signed {@link Checkpoint}s as
 * {@link HashChainConsentLedger}, so that a ledger kept in a database has the same tamper evidence.
 *
 * <p>The keyset lives in a file that the ledger's storage never holds, encrypted under a KEK exactly
 * as the file ledger's is: a KMS URI ({@link Options#kekUri}), or a password-derived KEK
 * ({@link PasswordKmsClient}, parameters in {@code <keyset>.kek.json}); a cleartext key only with
 * {@link Options#insecureCleartextKey}. A new key is generated only when the caller says the ledger is
 * empty; a ledger with entries whose key is missing is refused (a new key could not verify them).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows key material.
 */
public final class LedgerSigningKey {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerSigningKey.class);
  /** Associated data of the encrypted keyset: the same as the file ledger's, so a key can move between them. */
  private static final byte[] SIGNING_AD = "pfms-consent-ledger-signing-key".getBytes(StandardCharsets.UTF_8);

  private final Path keysetFile;
  private final PublicKeySign signer;
  private final PublicKeyVerify verify;
  private final LedgerVerifier verifier;
  private final String publicKeysetJson;

  private LedgerSigningKey(Path keysetFile, KeysetHandle keys) {
    this.keysetFile = keysetFile;
    this.signer = TinkRuntime.primitive(keys, PublicKeySign.class);
    try {
      this.verify = TinkRuntime.primitive(keys.getPublicKeysetHandle(), PublicKeyVerify.class);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("the signing keyset has no public half", e);
    }
    this.verifier = new LedgerVerifier(verify, 0);
    this.publicKeysetJson = KeysetFiles.publicKeysetJson(keys);
  }

  /**
   * How the keyset file is protected.
   *
   * @param kekUri a KMS KEK URI, or {@code null}
   * @param password a password for a password-derived KEK (used when {@code kekUri} is null), or {@code null}
   * @param kdfIterations PBKDF2 iterations of a new password KEK (at least 1,000)
   * @param insecureCleartextKey development only: keep the keyset in the clear when neither is given
   */
  public record Options(String kekUri, char[] password, int kdfIterations, boolean insecureCleartextKey) {
    /** Copies the password. */
    public Options {
      password = password == null ? null : password.clone();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
      return "Options[kekUri=" + kekUri + ", password=" + (password == null ? "none" : "***") + ", kdfIterations="
          + kdfIterations + ", insecureCleartextKey=" + insecureCleartextKey + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Options p && Objects.equals(kekUri, p.kekUri)
          && java.util.Arrays.equals(password, p.password) && kdfIterations == p.kdfIterations
          && insecureCleartextKey == p.insecureCleartextKey;
    }

    @Override
    public int hashCode() {
      return Objects.hash(kekUri, java.util.Arrays.hashCode(password), kdfIterations, insecureCleartextKey);
    }
  }

  /**
   * Opens the signing key of a ledger, generating it when the ledger is new.
   *
   * @param keysetFile the keyset file (never inside the ledger's own storage)
   * @param options how it is protected
   * @param ledgerIsEmpty whether the ledger has no entries yet (only then may a key be generated)
   * @param ledgerName the ledger's location, for messages
   * @return the key
   * @throws IOException when the files cannot be read or written
   * @throws IllegalStateException when no KEK is configured and the cleartext key is not allowed, or
   *     the ledger has entries and the key file is missing
   * @throws CryptoException when the KEK is wrong or the keyset file was altered
   */
  public static LedgerSigningKey open(Path keysetFile, Options options, boolean ledgerIsEmpty, String ledgerName)
      throws IOException {
    Path file = keysetFile.toAbsolutePath();
    Aead kek = kek(file, options, ledgerName);
    if (Files.exists(file)) {
      KeysetHandle keys = kek == null ? KeysetFiles.readCleartext(file) : KeysetFiles.readEncrypted(file, kek, SIGNING_AD);
      return new LedgerSigningKey(file, keys);
    }
    if (!ledgerIsEmpty) {
      throw new IllegalStateException("consent ledger " + ledgerName + " has entries but its signing keyset " + file
          + " is missing; restore the key file (a new key could not verify old entries)");
    }
    TinkRuntime.config();
    KeysetHandle keys;
    try {
      keys = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate an Ed25519 signing key", e);
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    if (kek == null) {
      LOG.warn("generated a CLEARTEXT Ed25519 signing keyset at {} for consent ledger {}: a development default; "
          + "anyone who can read it can forge entries", file, ledgerName);
      KeysetFiles.writeCleartext(keys, file);
    } else {
      LOG.info("generated an Ed25519 signing keyset at {} for consent ledger {}, encrypted under the KEK", file,
          ledgerName);
      KeysetFiles.writeEncrypted(keys, file, kek, SIGNING_AD);
    }
    return new LedgerSigningKey(file, keys);
  }

  private static Aead kek(Path keysetFile, Options o, String ledgerName) throws IOException {
    if (o.kekUri() != null) {
      return Keks.aead(o.kekUri());
    }
    if (o.password() != null && o.password().length > 0) {
      PasswordKmsClient client = new PasswordKmsClient(o.password());
      try {
        if (keysetFile.getParent() != null) {
          Files.createDirectories(keysetFile.getParent());
        }
        String uri = client.create(keysetFile.resolveSibling(keysetFile.getFileName() + ".kek.json"), o.kdfIterations());
        return client.getAead(uri);
      } catch (GeneralSecurityException e) {
        throw new CryptoException("consent ledger " + ledgerName + ": " + e.getMessage(), e);
      } finally {
        client.destroy();
      }
    }
    if (!o.insecureCleartextKey()) {
      throw new IllegalStateException("consent ledger " + ledgerName + ": no key-encryption key for its signing key;"
          + " set a KMS KEK (kek-uri), a password (the " + PasswordKmsClient.PASSWORD_ENV + " environment variable or"
          + " the password option), or, for development only, insecureCleartextKey=true");
    }
    return null;
  }

  /**
   * The keyset file.
   *
   * @return its absolute path
   */
  public Path keysetFile() {
    return keysetFile;
  }

  /**
   * Signs an entry hash as the file ledger does: the 32 hash bytes, Tink Ed25519 with its key-id prefix.
   *
   * @param hashHex the entry's hex SHA-256
   * @return base64url signature
   */
  public String signEntry(String hashHex) {
    try {
      return TinkRuntime.b64(signer.sign(HexFormat.of().parseHex(hashHex)));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot sign a consent entry", e);
    }
  }

  /**
   * Whether a signature of an entry hash verifies under this key.
   *
   * @param hashHex the entry's hex SHA-256
   * @param signature base64url signature
   * @return true when it does
   */
  public boolean verifiesEntry(String hashHex, String signature) {
    try {
      verify.verify(TinkRuntime.unb64(signature), HexFormat.of().parseHex(hashHex));
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Signs a checkpoint of the ledger.
   *
   * @param size the number of entries
   * @param head the last entry's hash, or 64 zeros
   * @param counter larger than every earlier checkpoint's
   * @param time the ledger clock's time
   * @return the signed checkpoint
   */
  public Checkpoint checkpoint(long size, String head, long counter, Instant time) {
    return Checkpoint.sign(signer, size, head, counter, time);
  }

  /**
   * Checks entries that already verified one by one against the ledger's own signed checkpoint and
   * a witness's, exactly as the file ledger does: a checkpoint that does not decode or verify, records
   * more entries than there are or another hash at its size, a ledger with entries and no checkpoint,
   * a witness's checkpoint under another key or newer than the ledger's own, all fail.
   *
   * @param entries the entries, in order
   * @param checkpoint the stored checkpoint's encoding, or {@code null} when there is none
   * @param witnessed the witness's latest checkpoint, or {@code null}
   * @return the result, naming the first bad entry
   */
  public LedgerVerification checkCheckpoints(List<ConsentEntry> entries, byte[] checkpoint, Checkpoint witnessed) {
    return verifier.checkCheckpoints(entries, checkpoint, witnessed, false);
  }

  /**
   * The public Tink keyset (JSON, no secrets) that verifies the signatures.
   *
   * @return the verification key
   */
  public String publicKeysetJson() {
    return publicKeysetJson;
  }

  /** The file only; never key material. */
  @Override
  public String toString() {
    return "LedgerSigningKey[Ed25519, " + keysetFile + "]";
  }
}
