package dev.pfms.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Test helper: the raw key bytes of a keyset in every text form a leak could take. */
public final class KeyMaterial {

  private KeyMaterial() {}

  /**
   * Hex, base64 and base64url (with and without padding) of every key's raw bytes, plus an 8-byte
   * hex prefix (enough to spot a partial leak).
   *
   * @param handle the keyset
   * @return the forms
   */
  public static List<String> textForms(KeysetHandle handle) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < handle.size(); i++) {
      byte[] raw = raw(handle.getAt(i).getKey());
      out.add(HexFormat.of().formatHex(raw));
      out.add(HexFormat.of().withUpperCase().formatHex(raw));
      out.add(HexFormat.of().formatHex(raw, 0, 8));
      out.add(Base64.getEncoder().encodeToString(raw));
      out.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
      out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      out.add(Base64.getEncoder().encodeToString(raw).substring(0, 12));
    }
    return out;
  }

  private static byte[] raw(com.google.crypto.tink.Key key) {
    if (key instanceof AesGcmKey k) {
      return k.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }
    if (key instanceof AesSivKey k) {
      return k.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }
    if (key instanceof com.google.crypto.tink.mac.HmacKey k) {
      return k.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }
    if (key instanceof Ed25519PrivateKey k) {
      return k.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }
    throw new IllegalArgumentException("unexpected key type " + key.getClass());
  }
}
