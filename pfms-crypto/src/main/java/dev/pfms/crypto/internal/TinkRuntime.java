package dev.pfms.crypto.internal;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.pfms.crypto.CryptoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** Registers Tink's primitives once and holds small shared helpers. Not API. */
public final class TinkRuntime {

  private static final Configuration CONFIG;

  static {
    try {
      AeadConfig.register();
      DeterministicAeadConfig.register();
      com.google.crypto.tink.mac.MacConfig.register();
      SignatureConfig.register();
      CONFIG = RegistryConfiguration.get();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TinkRuntime() {}

  /**
   * Tink's configuration with AEAD, deterministic AEAD and signatures registered.
   *
   * @return the configuration
   */
  public static Configuration config() {
    return CONFIG;
  }

  /**
   * A primitive from a keyset.
   *
   * @param <P> the primitive type
   * @param handle the keyset
   * @param type the primitive class
   * @return the primitive
   */
  public static <P> P primitive(KeysetHandle handle, Class<P> type) {
    try {
      return handle.getPrimitive(CONFIG, type);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("keyset cannot provide a " + type.getSimpleName(), e);
    }
  }

  /**
   * Writes bytes to a file atomically: a temporary file beside it, fsync, then a rename.
   *
   * @param target the file
   * @param bytes the content
   * @throws IOException when it cannot be written
   */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * URL-safe base64 without padding.
   *
   * @param bytes the bytes
   * @return the text
   */
  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Decodes URL-safe base64 (padding optional).
   *
   * @param text the text
   * @return the bytes
   * @throws IllegalArgumentException when it is not base64url
   */
  public static byte[] unb64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }
}
