package dev.pfms.crypto.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.consent.ConsentState;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * Checks a {@code hash-chain} ledger file with nothing but the public verification key: an auditor's
 * tool, and the code the ledger itself uses. Every line must be in the one canonical form the ledger
 * writes, carry the next sequence number, link to the previous entry's hash, match its own hash, carry
 * a valid Ed25519 signature and not go back in time; the file must hold at least as many entries as
 * its head records; and it must agree with its signed {@link Checkpoint} ({@code <file>.checkpoint})
 * and, when one is given, with the checkpoint a {@link LedgerWitness} holds. A ledger with entries
 * but no checkpoint (written by pfms before checkpoints, "v1", or whose checkpoint was deleted) is
 * refused unless it is explicitly adopted as legacy. Immutable and thread-safe.
 */
public final class LedgerVerifier {

  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> FIELDS = Set.of("seq", "subject", "purpose", "scope", "granted", "time",
      "expiry", "actor", "prev", "hash", "sig");
  static final int HEAD_SLOT = 128;

  private final PublicKeyVerify verifier;
  private final int memoLimit;
  private final java.util.Map<String, Boolean> memo;

  LedgerVerifier(PublicKeyVerify verifier, int memoLimit) {
    this.verifier = verifier;
    this.memoLimit = memoLimit;
    this.memo = memoLimit > 0 ? new java.util.concurrent.ConcurrentHashMap<>() : null;
  }

  /**
   * A verifier that remembers up to {@code limit} signatures it has found valid, so checking a
   * growing ledger again only verifies new signatures. Sound because a signature's validity depends
   * only on the public key, the signature and the signed hash, and the hash commits to the entry's
   * content and position; only successes are remembered, and every other check still runs.
   *
   * @param limit how many (hash, signature) pairs to remember; the memory is cleared when full
   * @return a new verifier with the same key
   */
  public LedgerVerifier withMemo(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return new LedgerVerifier(verifier, limit);
  }

  private boolean signatureValid(String hash, String sig) {
    String key = memo == null ? null : hash + sig;
    if (key != null && memo.containsKey(key)) {
      return true;
    }
    try {
      verifier.verify(TinkRuntime.unb64(sig), HexFormat.of().parseHex(hash));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
    if (key != null) {
      if (memo.size() >= memoLimit) {
        memo.clear();
      }
      memo.put(key, Boolean.TRUE);
    }
    return true;
  }

  /**
   * A verifier for a public Tink keyset, as {@link HashChainConsentLedger#verificationKey()} gives it
   * and consent receipts carry it.
   *
   * @param publicKeysetJson Tink JSON of a public signature keyset (no secrets)
   * @return the verifier
   * @throws CryptoException when it is not a public signature keyset
   */
  public static LedgerVerifier forPublicKeyset(String publicKeysetJson) {
    TinkRuntime.config();
    try {
      KeysetHandle h = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson);
      return new LedgerVerifier(TinkRuntime.primitive(h, PublicKeyVerify.class), 0);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("not a public Tink signature keyset", e);
    }
  }

  /**
   * Verifies a ledger file, its head file ({@code <file>.head}, if present) and its checkpoint
   * ({@code <file>.checkpoint}); a ledger without a checkpoint verifies as a legacy (v1) ledger, so
   * an auditor can check old files: see {@link #audit} for what was present.
   *
   * @param file the ledger file
   * @return the result, naming the first bad entry
   * @throws IOException when the files cannot be read
   */
  public LedgerVerification verify(Path file) throws IOException {
    return audit(file, null).verification();
  }

  /**
   * What an audit of a ledger's files found.
   *
   * @param verification the result (lines, head, checkpoint, witness)
   * @param checkpoint the ledger's own signed checkpoint, if it has one
   * @param legacy true when the ledger has entries but no checkpoint (a v1 ledger): only the chain,
   *     the signatures and the head were checked; a rollback is then detectable only by a witness
   */
  public record Audit(LedgerVerification verification, Optional<Checkpoint> checkpoint, boolean legacy) {}

  /**
   * Verifies a ledger's files, accepting a ledger without a checkpoint as legacy (and saying so).
   *
   * @param file the ledger file
   * @param witnessed the latest checkpoint a witness holds, or {@code null}
   * @return what was found
   * @throws IOException when the files cannot be read
   */
  public Audit audit(Path file, Checkpoint witnessed) throws IOException {
    byte[] data = Files.readAllBytes(file);
    Path head = file.resolveSibling(file.getFileName() + ".head");
    Path cp = file.resolveSibling(file.getFileName() + ".checkpoint");
    Optional<HashChainConsentLedger.Head> h = Files.exists(head) ? parseHead(Files.readAllBytes(head)) : Optional.empty();
    byte[] cpBytes = Files.exists(cp) ? Files.readAllBytes(cp) : null;
    LedgerVerification v = verify(data, h.orElse(null), cpBytes, witnessed, true);
    Optional<Checkpoint> parsed = Optional.empty();
    if (cpBytes != null) {
      try {
        parsed = Optional.of(Checkpoint.decode(cpBytes));
      } catch (IllegalArgumentException e) {
        // reported in v
      }
    }
    return new Audit(v, parsed, cpBytes == null && v.entriesChecked() > 0);
  }

  /**
   * Verifies everything: the lines, the head, the signed checkpoint and the witness's checkpoint.
   * Pure: works on bytes, so it can check thousands of mutated copies quickly.
   *
   * @param data the ledger file's bytes
   * @param head the head file's record, or {@code null} when absent
   * @param checkpoint the checkpoint file's bytes, or {@code null} when absent
   * @param witnessed the latest checkpoint a witness holds, or {@code null} without a witness
   * @param adoptLegacy whether a ledger with entries but no checkpoint is accepted (a v1 ledger)
   * @return the result, naming the first bad entry
   */
  public LedgerVerification verify(byte[] data, HashChainConsentLedger.Head head, byte[] checkpoint,
      Checkpoint witnessed, boolean adoptLegacy) {
    Scan s = scan(data);
    if (!s.result().valid()) {
      return s.result();
    }
    LedgerVerification h = checkHead(s.entries(), head);
    if (!h.valid()) {
      return h;
    }
    return checkCheckpoints(s.entries(), checkpoint, witnessed, adoptLegacy);
  }

  LedgerVerification checkCheckpoints(List<ConsentEntry> entries, byte[] checkpointBytes, Checkpoint witnessed,
      boolean adoptLegacy) {
    int n = entries.size();
    Checkpoint cp = null;
    if (checkpointBytes != null) {
      try {
        cp = Checkpoint.decode(checkpointBytes);
      } catch (IllegalArgumentException e) {
        return LedgerVerification.failed(n, n, "entry " + n + ": the checkpoint file is not a valid checkpoint"
            + " (edited or corrupt)");
      }
      if (!cp.verifies(verifier)) {
        return LedgerVerification.failed(n, n, "entry " + n + ": the checkpoint's signature does not verify"
            + " (forged, edited, or signed by another key)");
      }
      LedgerVerification v = against(entries, cp, "the signed checkpoint #" + cp.counter());
      if (!v.valid()) {
        return v;
      }
    } else if (n > 0 && !adoptLegacy) {
      return LedgerVerification.failed(n, n, "entry " + n + ": the ledger has " + n + " entries but no signed"
          + " checkpoint (a v1 ledger, or the checkpoint was deleted, possibly with entries after it); refused:"
          + " adopt a v1 ledger explicitly (adoptLegacy) after checking it");
    }
    if (witnessed != null) {
      if (!witnessed.verifies(verifier)) {
        return LedgerVerification.failed(n, n, "entry " + n + ": the witness's checkpoint does not verify"
            + " under this ledger's key (another ledger, or a new key: the history was rewritten)");
      }
      if (cp != null && witnessed.counter() > cp.counter()) {
        return LedgerVerification.failed(Math.min(n, cp.size()), Math.min(n, cp.size()), "entry " + Math.min(n,
            cp.size()) + ": rolled back; the witness holds checkpoint #" + witnessed.counter() + " of "
            + witnessed.size() + " entries, the ledger's own is the older #" + cp.counter());
      }
      LedgerVerification v = against(entries, witnessed, "the witness's checkpoint #" + witnessed.counter());
      if (!v.valid()) {
        return v;
      }
    }
    return LedgerVerification.ok(n);
  }

  private static LedgerVerification against(List<ConsentEntry> entries, Checkpoint cp, String what) {
    int n = entries.size();
    if (cp.size() > n) {
      return LedgerVerification.failed(n, n, "entry " + n + ": missing; " + what + " records " + cp.size()
          + " entries but the file holds " + n + " (truncated or rolled back)");
    }
    String expected = cp.size() == 0 ? ConsentChain.GENESIS : entries.get((int) cp.size() - 1).hash();
    if (!expected.equals(cp.head())) {
      long bad = Math.max(0, cp.size() - 1);
      return LedgerVerification.failed(cp.size(), bad, "entry " + bad + ": differs from " + what
          + " (history rewritten)");
    }
    return LedgerVerification.ok(n);
  }

  /**
   * Verifies a ledger file's content against an expected head.
   *
   * @param data the ledger file's bytes
   * @param head the head (entry count and last hash) recorded or published, or {@code null}
   * @return the result, naming the first bad entry
   */
  public LedgerVerification verify(byte[] data, HashChainConsentLedger.Head head) {
    Scan s = scan(data);
    if (!s.result().valid()) {
      return s.result();
    }
    return checkHead(s.entries(), head);
  }

  static LedgerVerification checkHead(List<ConsentEntry> entries, HashChainConsentLedger.Head h) {
    if (h == null) {
      return LedgerVerification.ok(entries.size());
    }
    if (h.size() > entries.size()) {
      return LedgerVerification.failed(entries.size(), entries.size(), "entry " + entries.size()
          + ": missing; the file ends after " + entries.size() + " entries but its head records " + h.size()
          + " (entries at the end were deleted or the file was truncated)");
    }
    if (h.size() > 0 && !entries.get((int) h.size() - 1).hash().equals(h.lastHash())) {
      return LedgerVerification.failed(h.size(), h.size() - 1, "entry " + (h.size() - 1)
          + ": hash differs from the one recorded in the head (replaced)");
    }
    return LedgerVerification.ok(entries.size());
  }

  /** Parses the two head slots; the valid slot with the larger count wins. */
  static Optional<HashChainConsentLedger.Head> parseHead(byte[] bytes) {
    HashChainConsentLedger.Head best = null;
    for (int s = 0; s < 2; s++) {
      int from = s * HEAD_SLOT;
      if (bytes.length < from + HEAD_SLOT) {
        continue;
      }
      String[] p = new String(bytes, from, HEAD_SLOT, StandardCharsets.US_ASCII).trim().split(" ");
      if (p.length != 4 || !p[0].equals("pfms-head-v1")) {
        continue;
      }
      CRC32 crc = new CRC32();
      crc.update((p[0] + " " + p[1] + " " + p[2]).getBytes(StandardCharsets.US_ASCII));
      if (!Long.toHexString(crc.getValue()).equals(p[3])) {
        continue;
      }
      try {
        HashChainConsentLedger.Head h = new HashChainConsentLedger.Head(Long.parseLong(p[1]), p[2]);
        if (best == null || h.size() > best.size()) {
          best = h;
        }
      } catch (NumberFormatException e) {
        // a torn or corrupt slot: the other one decides
      }
    }
    return Optional.ofNullable(best);
  }

  static byte[] headSlot(long size, String lastHash) {
    String body = "pfms-head-v1 " + size + " " + lastHash;
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    byte[] slot = new byte[HEAD_SLOT];
    Arrays.fill(slot, (byte) ' ');
    byte[] text = (body + " " + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, slot, 0, text.length);
    slot[HEAD_SLOT - 1] = '\n';
    return slot;
  }

  /**
   * The outcome of reading a ledger file.
   *
   * @param entries the entries that verified, in order
   * @param signatures their signatures (base64url), in order
   * @param goodBytes the length of the verified prefix of the file
   * @param result the verification of the lines (the head is checked separately)
   * @param tornTail true when the first problem is a last line without a line end
   */
  public record Scan(List<ConsentEntry> entries, List<String> signatures, long goodBytes, LedgerVerification result,
      boolean tornTail) {}

  /**
   * Reads and checks the lines of a ledger file's content (not its head).
   *
   * @param data the file's bytes
   * @return the entries that verify and the first problem, if any
   */
  public Scan scan(byte[] data) {
    List<ConsentEntry> entries = new ArrayList<>();
    List<String> sigs = new ArrayList<>();
    ConsentState check = new ConsentState();
    String prev = ConsentChain.GENESIS;
    int start = 0;
    int i = 0;
    while (start < data.length) {
      int nl = indexOf(data, (byte) '\n', start);
      if (nl < 0) {
        return new Scan(entries, sigs, start, LedgerVerification.failed(i + 1L, i,
            "entry " + i + ": torn last line (" + (data.length - start) + " bytes at byte offset " + start
                + " without a line end): an append was interrupted; repair() moves it aside"), true);
      }
      byte[] line = Arrays.copyOfRange(data, start, nl);
      String problem = checkLine(i, line, prev, check, entries, sigs);
      if (problem != null) {
        return new Scan(entries, sigs, start, LedgerVerification.failed(i + 1L, i, "entry " + i + ": " + problem), false);
      }
      prev = entries.get(i).hash();
      start = nl + 1;
      i++;
    }
    return new Scan(entries, sigs, start, LedgerVerification.ok(i), false);
  }

  private String checkLine(int i, byte[] line, String prev, ConsentState check, List<ConsentEntry> entries,
      List<String> sigs) {
    JsonNode n;
    try {
      n = STRICT.readTree(line);
    } catch (IOException e) {
      return "not a valid JSON line (edited or corrupt)";
    }
    if (n == null || !n.isObject() || n.size() != FIELDS.size()) {
      return "not an entry object with the fields " + new TreeSet<>(FIELDS) + " (edited or corrupt)";
    }
    for (String f : FIELDS) {
      if (!n.has(f)) {
        return "field '" + f + "' is missing (edited)";
      }
    }
    long seq;
    ConsentEvent event;
    String prevField;
    String hash;
    String sig;
    try {
      if (!n.get("seq").isIntegralNumber() || !n.get("granted").isBoolean()) {
        return "field 'seq' or 'granted' has the wrong type (edited)";
      }
      seq = n.get("seq").longValue();
      JsonNode exp = n.get("expiry");
      event = new ConsentEvent(text(n, "subject"), Purpose.valueOf(text(n, "purpose")), text(n, "scope"),
          n.get("granted").booleanValue(), Instant.parse(text(n, "time")),
          exp.isNull() ? null : Instant.parse(exp.textValue()), text(n, "actor"));
      prevField = text(n, "prev");
      hash = text(n, "hash");
      sig = text(n, "sig");
    } catch (RuntimeException e) {
      return "unreadable field value (" + e.getClass().getSimpleName() + "; edited or corrupt)";
    }
    if (!Arrays.equals(line, render(seq, event, prevField, hash, sig))) {
      return "not in the canonical form the ledger writes (edited)";
    }
    if (seq != i) {
      return "sequence number is " + seq + " where " + i + " was expected (entries deleted, inserted or reordered)";
    }
    return checkLink(seq, event, prevField, prev, hash, sig, this::signatureValid, check, entries, sigs);
  }

  /**
   * The checks every ledger makes of one entry once its fields are read, whatever holds them (a file
   * line, a database row): it links to the entry before, its content matches its hash, its signature
   * verifies, and it does not go back in time for its subject and purpose. A good entry is added to
   * {@code check}, {@code entries} and {@code sigs}.
   *
   * @param seq the entry's sequence number
   * @param event the entry's event
   * @param prevField the previous hash the entry names
   * @param prev the hash of the entry actually before it
   * @param hash the entry's hash
   * @param sig the entry's signature
   * @param signatureValid checks a signature over a hash with the ledger's key
   * @param check the consent state replayed so far
   * @param entries the good entries so far
   * @param sigs their signatures
   * @return null when the entry is good, else what is wrong with it
   */
  public static String checkLink(long seq, ConsentEvent event, String prevField, String prev, String hash,
      String sig, java.util.function.BiPredicate<String, String> signatureValid, ConsentState check,
      List<ConsentEntry> entries, List<String> sigs) {
    if (!prevField.equals(prev)) {
      return "does not link to the entry before it (an entry was deleted, inserted or reordered)";
    }
    if (!hash.equals(ConsentChain.hash(seq, event, prevField))) {
      return "content does not match its hash (edited)";
    }
    if (!signatureValid.test(hash, sig)) {
      return "signature does not verify (forged, edited, or signed by another key)";
    }
    try {
      check.checkAppendable(event);
    } catch (IllegalArgumentException e) {
      return "goes back in time for its subject and purpose (reordered or forged)";
    }
    ConsentEntry entry = new ConsentEntry(seq, event, prevField, hash);
    check.add(entry);
    entries.add(entry);
    sigs.add(sig);
    return null;
  }

  /**
   * The fail-closed answer of {@code require} once a ledger has been (re)verified: refuses when the
   * ledger failed verification, naming the first bad entry, or when consent is not in force.
   *
   * @param failure the kept verification failure, or null
   * @param state the verified consent state
   * @param ledger how to name the ledger in the message, e.g. "the consent ledger /path"
   * @param subject the data subject
   * @param purpose the purpose
   * @param scope the scope
   * @param at the instant
   * @throws dev.pfms.api.ConsentRequiredException when processing must not go on
   */
  public static void refuseUnlessGranted(LedgerVerification failure, ConsentState state, String ledger,
      String subject, Purpose purpose, String scope, Instant at) {
    if (failure != null) {
      throw new dev.pfms.api.ConsentRequiredException(subject, purpose, ledger + " fails verification at entry "
          + failure.firstBadEntry() + " (" + failure.problem() + "); processing is refused until it is restored");
    }
    if (!state.isGranted(subject, purpose, scope, at)) {
      throw new dev.pfms.api.ConsentRequiredException(subject, purpose, "not granted for scope " + scope + " at " + at);
    }
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(f);
    }
    return v.textValue();
  }

  private static int indexOf(byte[] data, byte b, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static byte[] render(long seq, ConsentEvent event, String prev, String hash, String sig) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(320);
    try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
      g.writeStartObject();
      ConsentChain.writeFields(g, seq, event, prev);
      g.writeStringField("hash", hash);
      g.writeStringField("sig", sig);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }


  @Override
  public String toString() {
    return "LedgerVerifier[Ed25519 public keyset]";
  }
}
