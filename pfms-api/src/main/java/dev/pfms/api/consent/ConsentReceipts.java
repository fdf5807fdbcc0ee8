package dev.pfms.api.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Consent receipts: a subject's whole consent history as a JSON document a person can keep.
 *
 * <p>A receipt lists every entry (purpose, scope, granted or revoked, time, expiry, actor, the
 * entry's hash and the previous entry's hash, so the chain can be re-checked with
 * {@link ConsentChain}), the status of every purpose at the issue time, and the ledger's
 * verification result. Ledgers that sign entries add each signature and the public key that checks
 * them. Stateless and thread-safe.
 */
public final class ConsentReceipts {

  /** The receipt format version written in {@code receiptVersion}. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ConsentReceipts() {}

  /**
   * A receipt from any ledger.
   *
   * @param ledger the ledger
   * @param subject the subject
   * @param issuedAt the instant the statuses are evaluated at
   * @return pretty-printed JSON
   */
  public static String receipt(ConsentLedger ledger, String subject, Instant issuedAt) {
    return receipt(ledger, subject, issuedAt, Map.of(), null);
  }

  /**
   * A receipt with signatures, for ledgers that sign their entries.
   *
   * @param ledger the ledger
   * @param subject the subject
   * @param issuedAt the instant the statuses are evaluated at
   * @param signatures base64 signatures by entry sequence (entries missing from the map get none)
   * @param verificationKey the public key that checks the signatures (e.g. a Tink public keyset as
   *     JSON), or {@code null}
   * @return pretty-printed JSON
   */
  public static String receipt(ConsentLedger ledger, String subject, Instant issuedAt,
      Map<Long, String> signatures, String verificationKey) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(signatures, "signatures");
    List<ConsentEntry> history = ledger.history(subject);
    LedgerVerification v = ledger.verify();
    ObjectNode root = JSON.createObjectNode();
    root.put("receiptVersion", VERSION);
    root.put("subject", subject);
    root.put("issuedAt", issuedAt.toString());
    root.put("hashAlgorithm", "SHA-256 over the canonical entry text (dev.pfms.api.consent.ConsentChain)");
    ObjectNode status = root.putObject("statusAtIssue");
    for (Purpose p : Purpose.values()) {
      status.put(p.name(), ledger.isGranted(subject, p, issuedAt) ? "granted" : "not granted");
    }
    ArrayNode entries = root.putArray("entries");
    for (ConsentEntry e : history) {
      ObjectNode n = entries.addObject();
      n.put("sequence", e.sequence());
      n.put("purpose", e.event().purpose().name());
      n.put("scope", e.event().scope());
      n.put("action", e.event().granted() ? "granted" : "revoked");
      n.put("time", e.event().time().toString());
      if (e.event().expiry() == null) {
        n.putNull("expiry");
      } else {
        n.put("expiry", e.event().expiry().toString());
      }
      n.put("actor", e.event().actor());
      n.put("previousHash", e.previousHash());
      n.put("hash", e.hash());
      String sig = signatures.get(e.sequence());
      if (sig != null) {
        n.put("signature", sig);
      }
    }
    if (verificationKey != null) {
      root.put("verificationKey", verificationKey);
    }
    ObjectNode ver = root.putObject("ledgerVerification");
    ver.put("valid", v.valid());
    ver.put("entriesChecked", v.entriesChecked());
    if (!v.valid()) {
      ver.put("firstBadEntry", v.firstBadEntry());
      ver.put("problem", v.problem());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
