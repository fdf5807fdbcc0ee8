package dev.pfms.crypto.fernet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the JDK primitives Fernet is built on (AES-128-CBC/PKCS5 decryption, HMAC-SHA256 with
 * a 128-bit key and full tags, used exactly as {@link Fernet} uses them) against Project Wycheproof.
 */
class WycheproofJdkPrimitivesTest {

  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode load(String name) throws Exception {
    Path f = Path.of(System.getProperty("pfms.shared.data", "../shared/data"), "crypto", "wycheproof", name);
    Assumptions.assumeTrue(Files.isRegularFile(f), "shared data absent: " + f);
    return new ObjectMapper().readTree(f.toFile());
  }

  @Test
  void aes128CbcPkcs5DecryptionAgreesWithEveryWycheproofVector() throws Exception {
    int checked = 0;
    for (JsonNode g : load("aes_cbc_pkcs5_test.json").get("testGroups")) {
      if (g.get("keySize").asInt() != 128) {
        continue;
      }
      for (JsonNode t : g.get("tests")) {
        byte[] key = HEX.parseHex(t.get("key").asText());
        byte[] iv = HEX.parseHex(t.get("iv").asText());
        byte[] ct = HEX.parseHex(t.get("ct").asText());
        byte[] msg = HEX.parseHex(t.get("msg").asText());
        boolean valid = t.get("result").asText().equals("valid");
        // Fernet rejects a ciphertext that is empty or not whole blocks before decrypting (its length check).
        byte[] got = ct.length == 0 || ct.length % 16 != 0 ? null : decrypt(key, iv, ct);
        if (valid) {
          assertThat(got).as("tcId %s", t.get("tcId")).isEqualTo(msg);
          Cipher e = Cipher.getInstance("AES/CBC/PKCS5Padding");
          e.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
          assertThat(e.doFinal(msg)).as("tcId %s encrypt", t.get("tcId")).isEqualTo(ct);
        } else {
          assertThat(got == null || !Arrays.equals(got, msg)).as("tcId %s must be rejected", t.get("tcId")).isTrue();
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  private static byte[] decrypt(byte[] key, byte[] iv, byte[] ct) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    try {
      return c.doFinal(ct);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      return null;
    }
  }

  @Test
  void hmacSha256AgreesWithEveryFullTagWycheproofVector() throws Exception {
    int checked = 0;
    for (JsonNode g : load("hmac_sha256_test.json").get("testGroups")) {
      if (g.get("tagSize").asInt() != 256) { // Fernet compares full 256-bit tags; HMAC is key-size agnostic
        continue;
      }
      for (JsonNode t : g.get("tests")) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HEX.parseHex(t.get("key").asText()), "HmacSHA256"));
        boolean match = MessageDigest.isEqual(mac.doFinal(HEX.parseHex(t.get("msg").asText())),
            HEX.parseHex(t.get("tag").asText()));
        assertThat(match).as("tcId %s", t.get("tcId")).isEqualTo(t.get("result").asText().equals("valid"));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }
}
