package dev.pfms.crypto.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A Tink {@link KmsClient} whose key-encryption key is derived from a password: PBKDF2 with
 * HMAC-SHA256 (JDK) over a random 128-bit salt, giving an AES-256-GCM key (Tink's {@code AesGcmJce}).
 * The local default KEK of pfms: nothing secret is stored, only the salt, the iteration count and a
 * check value (an AEAD ciphertext of a fixed text, so a wrong password is reported as such rather
 * than as a corrupt keyset).
 *
 * <p>URIs are {@code password-kek://<absolute path of the parameters file>}. The password is given to
 * the constructor, or read by {@link #withDefaultCredentials()} from the environment variable
 * {@value #PASSWORD_ENV}. The password is copied and can be {@link #destroy() wiped}. Thread-safe.
 */
public final class PasswordKmsClient implements KmsClient {

  /** The URI prefix. */
  public static final String PREFIX = "password-kek://";
  /** The environment variable {@link #withDefaultCredentials()} reads the password from. */
  public static final String PASSWORD_ENV = "PFMS_LEDGER_PASSWORD";
  /** The default PBKDF2 iteration count (OWASP 2023 guidance for PBKDF2-HMAC-SHA256). */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] CHECK = "pfms-password-kek-check-v1".getBytes(StandardCharsets.UTF_8);

  private final char[] password;

  /**
   * A client for a password.
   *
   * @param password the password (copied)
   */
  public PasswordKmsClient(char[] password) {
    Objects.requireNonNull(password, "password");
    if (password.length == 0) {
      throw new IllegalArgumentException("the KEK password must not be empty");
    }
    this.password = password.clone();
  }

  /**
   * The URI of a parameters file.
   *
   * @param params the file
   * @return {@code password-kek://<absolute path>}
   */
  public static String uri(Path params) {
    return PREFIX + params.toAbsolutePath();
  }

  /**
   * Creates a parameters file (random salt) for this client's password, unless it exists.
   *
   * @param params the file to write
   * @param iterations the PBKDF2 iteration count (default {@link #DEFAULT_ITERATIONS}; at least 1,000, and values that low only in tests, see
   *     {@link #createForTests})
   * @return the URI
   * @throws IOException when it cannot be written
   */
  public String create(Path params, int iterations) throws IOException {
    if (iterations < 1_000) {
      throw new IllegalArgumentException("iterations must be at least 1,000: " + iterations);
    }
    return write(params, iterations);
  }

  /**
   * As {@link #create} with a low iteration count: for fast tests only, never for real data.
   *
   * @param params the file to write
   * @return the URI
   * @throws IOException when it cannot be written
   */
  public String createForTests(Path params) throws IOException {
    return write(params, 1_000);
  }

  private String write(Path params, int iterations) throws IOException {
    if (Files.exists(params)) {
      return uri(params);
    }
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    ObjectNode n = JSON.createObjectNode();
    n.put("kdf", "PBKDF2WithHmacSHA256");
    n.put("iterations", iterations);
    n.put("salt", TinkRuntime.b64(salt));
    n.put("aead", "AES256_GCM");
    try {
      n.put("check", TinkRuntime.b64(derive(salt, iterations).encrypt(CHECK, CHECK)));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot derive the password KEK", e);
    }
    Files.createDirectories(params.toAbsolutePath().getParent());
    TinkRuntime.writeAtomically(params, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    return uri(params);
  }

  private Aead derive(byte[] salt, int iterations) throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    byte[] key;
    try {
      key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (InvalidKeySpecException e) {
      throw new GeneralSecurityException("PBKDF2 failed", e);
    } finally {
      spec.clearPassword();
    }
    try {
      return new AesGcmJce(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public boolean doesSupport(String keyUri) {
    return keyUri != null && keyUri.startsWith(PREFIX);
  }

  /** Not supported: the password is given to the constructor or read from the environment. */
  @Override
  public KmsClient withCredentials(String credentialPath) throws GeneralSecurityException {
    throw new GeneralSecurityException("PasswordKmsClient takes its password in the constructor or from "
        + PASSWORD_ENV);
  }

  /**
   * A client whose password is the environment variable {@value #PASSWORD_ENV}.
   *
   * @return the client
   * @throws GeneralSecurityException when the variable is not set
   */
  @Override
  public KmsClient withDefaultCredentials() throws GeneralSecurityException {
    return fromEnvironment();
  }

  /**
   * A client whose password is the environment variable {@value #PASSWORD_ENV}.
   *
   * @return the client
   * @throws GeneralSecurityException when the variable is not set or empty
   */
  public static PasswordKmsClient fromEnvironment() throws GeneralSecurityException {
    String p = System.getenv(PASSWORD_ENV);
    if (p == null || p.isEmpty()) {
      throw new GeneralSecurityException("set the environment variable " + PASSWORD_ENV
          + " to the ledger's KEK password");
    }
    return new PasswordKmsClient(p.toCharArray());
  }

  @Override
  public Aead getAead(String keyUri) throws GeneralSecurityException {
    if (!doesSupport(keyUri)) {
      throw new GeneralSecurityException("not a " + PREFIX + " URI");
    }
    Path params = Path.of(keyUri.substring(PREFIX.length()));
    JsonNode n;
    try {
      n = JSON.readTree(Files.readAllBytes(params));
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot read the password KEK parameters " + params + ": " + e.getMessage(), e);
    }
    if (n == null || !"PBKDF2WithHmacSHA256".equals(n.path("kdf").asText()) || n.path("iterations").asInt() < 1) {
      throw new GeneralSecurityException("not password KEK parameters: " + params);
    }
    Aead aead = derive(TinkRuntime.unb64(n.get("salt").asText()), n.get("iterations").asInt());
    try {
      aead.decrypt(TinkRuntime.unb64(n.get("check").asText()), CHECK);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("wrong password for the KEK " + params.getFileName());
    }
    return aead;
  }

  /** Overwrites the copy of the password this client holds. */
  public void destroy() {
    Arrays.fill(password, '\0');
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PasswordKmsClient[PBKDF2WithHmacSHA256 -> AES256_GCM]";
  }
}
