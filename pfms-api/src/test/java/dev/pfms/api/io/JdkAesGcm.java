package dev.pfms.api.io;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM with a random 96-bit nonce prepended: the JDK's, no test double (pfms-api's tests). */
public final class JdkAesGcm implements ModelCipher {
  private final SecretKey key;
  private final String id;

  /**
   * A cipher under a fresh random key.
   *
   * @param id its key id
   * @throws GeneralSecurityException when the JDK has no AES
   */
  public JdkAesGcm(String id) throws GeneralSecurityException {
    KeyGenerator g = KeyGenerator.getInstance("AES");
    g.init(256);
    this.key = g.generateKey();
    this.id = id;
  }

  @Override
  public String keyId() {
    return id;
  }

  @Override
  public byte[] seal(byte[] plaintext, byte[] ad) throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    c.updateAAD(ad);
    byte[] ct = c.doFinal(plaintext);
    return ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array();
  }

  @Override
  public byte[] open(byte[] ciphertext, byte[] ad) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ciphertext, 0, 12));
    c.updateAAD(ad);
    return c.doFinal(ciphertext, 12, ciphertext.length - 12);
  }
}
