package dev.pfms.crypto.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed checkpoint of a consent ledger, in the spirit of RFC 9162's signed tree head: the number
 * of entries, the hash of the last one, a counter that grows with every checkpoint, and the ledger
 * clock's time, signed with the ledger's Ed25519 key. A later state of the same ledger always has a
 * larger counter and at least as many entries, and its entry {@code size - 1} has this hash; an
 * older state presented as current (a rollback) or a rewritten history contradicts a checkpoint kept
 * elsewhere (a {@link LedgerWitness}).
 *
 * <p>Encoding: one line of canonical JSON,
 * {@code {"v":1,"size":N,"head":"<hex>","counter":C,"time":"<instant>","sig":"<base64url>"}}; the
 * signature covers {@code "pfms-checkpoint-v1\n"} followed by the same line without {@code sig}
 * (domain-separated from entry signatures, which cover 32 hash bytes). Immutable.
 *
 * @param size the number of entries
 * @param head the hash of entry {@code size - 1}, or 64 zeros for an empty ledger
 * @param counter grows by at least one with every checkpoint of the ledger
 * @param time the ledger clock when it was made
 * @param signature base64url Tink Ed25519 signature
 */
public record Checkpoint(long size, String head, long counter, Instant time, String signature) {

  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] DOMAIN = "pfms-checkpoint-v1\n".getBytes(StandardCharsets.UTF_8);

  /** Validates the fields. */
  public Checkpoint {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(signature, "signature");
    if (size < 0 || counter < 0) {
      throw new IllegalArgumentException("size and counter must not be negative");
    }
  }

  static Checkpoint sign(PublicKeySign signer, long size, String head, long counter, Instant time) {
    try {
      String sig = TinkRuntime.b64(signer.sign(signedBytes(size, head, counter, time)));
      return new Checkpoint(size, head, counter, time, sig);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot sign a ledger checkpoint", e);
    }
  }

  /**
   * Whether the signature verifies under a key.
   *
   * @param verifier the ledger's public key
   * @return true when it does
   */
  public boolean verifies(PublicKeyVerify verifier) {
    try {
      verifier.verify(TinkRuntime.unb64(signature), signedBytes(size, head, counter, time));
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] signedBytes(long size, String head, long counter, Instant time) {
    byte[] body = body(size, head, counter, time, null);
    byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, out, DOMAIN.length, body.length);
    return out;
  }

  private static byte[] body(long size, String head, long counter, Instant time, String sig) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(200);
    try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", 1);
      g.writeNumberField("size", size);
      g.writeStringField("head", head);
      g.writeNumberField("counter", counter);
      g.writeStringField("time", time.toString());
      if (sig != null) {
        g.writeStringField("sig", sig);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The encoded checkpoint: one canonical JSON line with its line end.
   *
   * @return UTF-8 bytes
   */
  public byte[] encode() {
    byte[] b = body(size, head, counter, time, signature);
    byte[] out = Arrays.copyOf(b, b.length + 1);
    out[b.length] = '\n';
    return out;
  }

  /**
   * Parses an encoded checkpoint (does not check the signature: see {@link #verifies}).
   *
   * @param bytes from {@link #encode()}
   * @return the checkpoint
   * @throws IllegalArgumentException when it is not one, or not in the canonical form
   */
  public static Checkpoint decode(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || n.path("v").asInt() != 1 || n.size() != 6) {
        throw new IllegalArgumentException("not a v1 ledger checkpoint");
      }
      Checkpoint c = new Checkpoint(n.get("size").longValue(), n.get("head").textValue(), n.get("counter").longValue(),
          Instant.parse(n.get("time").textValue()), n.get("sig").textValue());
      if (!Arrays.equals(c.encode(), bytes)) {
        throw new IllegalArgumentException("ledger checkpoint is not in its canonical form (edited)");
      }
      return c;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a ledger checkpoint (" + e.getMessage() + ")", e);
    }
  }
}
