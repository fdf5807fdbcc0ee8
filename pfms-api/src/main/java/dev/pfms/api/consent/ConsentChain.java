package dev.pfms.api.consent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical encoding and hash of a consent entry, shared by every pfms ledger so that a chain
 * written by one can be checked by another.
 *
 * <p>The canonical form is compact JSON with a fixed field order and no whitespace:
 * <pre>{@code
 * {"seq":0,"subject":"s-1","purpose":"CATEGORIZATION","scope":"*","granted":true,
 *  "time":"2025-01-01T00:00:00Z","expiry":null,"actor":"app","prev":"000…000"}
 * }</pre>
 * Instants are written by {@link java.time.Instant#toString()}. The entry hash is the lower-case hex
 * SHA-256 of the UTF-8 bytes of that text, so it covers the sequence number, the whole event and
 * the previous entry's hash. Stateless and thread-safe.
 */
public final class ConsentChain {

  /** The previous hash of the first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final JsonFactory JSON = new JsonFactory();

  private ConsentChain() {}

  /**
   * The canonical text of an entry (without its own hash).
   *
   * @param sequence the 0-based position
   * @param event the event
   * @param previousHash the previous entry's hash, or {@link #GENESIS}
   * @return the canonical JSON object, compact, fixed field order
   */
  public static String canonical(long sequence, ConsentEvent event, String previousHash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      writeFields(g, sequence, event, previousHash);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the canonical fields of an entry, in order, into an open JSON object; ledgers that add
   * fields of their own (hash, signature) write them after these.
   *
   * @param g the generator, inside an object
   * @param sequence the 0-based position
   * @param event the event
   * @param previousHash the previous entry's hash
   * @throws IOException when the generator fails
   */
  public static void writeFields(JsonGenerator g, long sequence, ConsentEvent event, String previousHash)
      throws IOException {
    g.writeNumberField("seq", sequence);
    g.writeStringField("subject", event.subject());
    g.writeStringField("purpose", event.purpose().name());
    g.writeStringField("scope", event.scope());
    g.writeBooleanField("granted", event.granted());
    g.writeStringField("time", event.time().toString());
    if (event.expiry() == null) {
      g.writeNullField("expiry");
    } else {
      g.writeStringField("expiry", event.expiry().toString());
    }
    g.writeStringField("actor", event.actor());
    g.writeStringField("prev", previousHash);
  }

  /**
   * The hash of an entry.
   *
   * @param sequence the 0-based position
   * @param event the event
   * @param previousHash the previous entry's hash, or {@link #GENESIS}
   * @return lower-case hex SHA-256 of the canonical text
   */
  public static String hash(long sequence, ConsentEvent event, String previousHash) {
    return sha256Hex(canonical(sequence, event, previousHash).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Builds the entry that follows a previous hash.
   *
   * @param sequence the 0-based position
   * @param event the event
   * @param previousHash the previous entry's hash, or {@link #GENESIS}
   * @return the entry with its hash
   */
  public static ConsentEntry entry(long sequence, ConsentEvent event, String previousHash) {
    return new ConsentEntry(sequence, event, previousHash, hash(sequence, event, previousHash));
  }

  /**
   * Lower-case hex SHA-256.
   *
   * @param bytes the input
   * @return 64 hex digits
   */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
