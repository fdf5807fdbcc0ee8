package dev.pfms.crypto.ledger;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.consent.ConsentReceipts;
import dev.pfms.api.consent.ConsentState;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.internal.TinkRuntime;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.KeysetFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable consent ledger in one append-only file of JSON lines.
 *
 * <h2>File format</h2>
 * Each line is one entry: the canonical fields of {@link ConsentChain} followed by {@code hash} (hex
 * SHA-256 of the canonical text, which includes the previous entry's hash) and {@code sig} (base64url
 * Tink Ed25519 signature of the 32 hash bytes, with Tink's 5-byte key-id prefix):
 * <pre>{@code
 * {"seq":0,"subject":"s-1","purpose":"CATEGORIZATION","scope":"*","granted":true,"time":"…","expiry":null,
 *  "actor":"app","prev":"000…","hash":"9f2c…","sig":"AXk…"}
 * }</pre>
 * Lines are written in exactly one canonical form, so any change of a byte is visible. Beside the
 * ledger, {@code <file>.head} holds the entry count and last hash in two checksummed slots, written
 * after the entry is on disk: the head is never ahead of the file, so a file with fewer entries than
 * its head lost entries at the end.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #append} returns after the line is written and (with {@code fsync}) forced to disk.
 *   <li>{@link #verify()} re-reads the file and reports the first entry that is edited, missing,
 *       inserted, reordered, badly signed or torn.
 *   <li>A process killed while appending leaves every earlier entry intact. The ledger still opens
 *       and reads; the torn last line is reported by {@link #verify()} (never dropped or accepted), and
 *       appends are refused until {@link #repair()} moves the torn bytes to {@code <file>.torn}.
 *   <li>A ledger that fails verification for any other reason opens read-only (appends refused):
 *       nothing already accepted is lost or overwritten.
 *   <li>One process at a time: the file is locked while open.
 *   <li>{@link #verify()} re-reads and re-checks everything but remembers up to 100,000 signatures
 *       it already found valid (see {@link LedgerVerifier#withMemo(int)}), so repeated checks of a
 *       growing ledger cost little more than the hashing.
 * </ul>
 * A truncated file together with an equally old head (a rollback) cannot be detected from the files
 * alone: publish {@link #head()} somewhere else (a receipt, another system) to anchor it.
 *
 * <p>Thread-safe (one lock per ledger).
 */
public final class HashChainConsentLedger implements ConsentLedger {

  private static final Logger LOG = LoggerFactory.getLogger(HashChainConsentLedger.class);
  private static final byte[] SIGNING_AD = "pfms-consent-ledger-signing-key".getBytes(StandardCharsets.UTF_8);

  private final Path file;
  private final Path headFile;
  private final FileChannel channel;
  private final FileLock lock;
  private final FileChannel headChannel;
  private final boolean fsync;
  private final PublicKeySign signer;
  private final LedgerVerifier ledgerVerifier;
  private final String publicKeysetJson;

  private final ConsentState state = new ConsentState();
  private final Map<Long, String> signatures = new HashMap<>();
  private long appendPosition;
  private LedgerVerification openProblem;
  private boolean closed;

  /** The count and last hash of a ledger: publish it elsewhere to anchor the chain. */
  public record Head(long size, String lastHash) {}

  private HashChainConsentLedger(Path file, FileChannel channel, FileLock lock, FileChannel headChannel,
      boolean fsync, KeysetHandle signingKeys) {
    this.file = file;
    this.headFile = headPath(file);
    this.channel = channel;
    this.lock = lock;
    this.headChannel = headChannel;
    this.fsync = fsync;
    this.signer = TinkRuntime.primitive(signingKeys, PublicKeySign.class);
    try {
      this.ledgerVerifier = new LedgerVerifier(TinkRuntime.primitive(signingKeys.getPublicKeysetHandle(), PublicKeyVerify.class), 100_000);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("the signing keyset has no public half", e);
    }
    this.publicKeysetJson = KeysetFiles.publicKeysetJson(signingKeys);
  }

  /**
   * Opens (or creates) a ledger.
   *
   * @param file the ledger file
   * @param signingKeyset the Ed25519 keyset file, or {@code null} for {@code <file>.signing.json}
   * @param kekUri a KEK URI encrypting the keyset file, or {@code null} for a cleartext file
   * @param fsync whether each append is forced to disk
   * @return the open ledger
   * @throws IOException when the files cannot be opened
   * @throws IllegalStateException when another process holds the ledger open
   */
  public static HashChainConsentLedger open(Path file, Path signingKeyset, String kekUri, boolean fsync)
      throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    FileChannel ch = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IllegalStateException("consent ledger " + abs + " is open elsewhere (locked); open it once");
    }
    FileChannel head = null;
    try {
      KeysetHandle keys = signingKeys(abs, signingKeyset, kekUri, ch.size() == 0);
      head = FileChannel.open(headPath(abs), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      HashChainConsentLedger l = new HashChainConsentLedger(abs, ch, lock, head, fsync, keys);
      l.load();
      return l;
    } catch (IOException | RuntimeException e) {
      if (head != null) {
        head.close();
      }
      lock.release();
      ch.close();
      throw e;
    }
  }

  private static Path headPath(Path file) {
    return file.resolveSibling(file.getFileName() + ".head");
  }

  private static KeysetHandle signingKeys(Path ledger, Path configured, String kekUri, boolean newLedger)
      throws IOException {
    Path keyFile = configured != null ? configured.toAbsolutePath()
        : ledger.resolveSibling(ledger.getFileName() + ".signing.json");
    Aead kek = kekUri == null ? null : Keks.aead(kekUri);
    if (Files.exists(keyFile)) {
      return kek == null ? KeysetFiles.readCleartext(keyFile) : KeysetFiles.readEncrypted(keyFile, kek, SIGNING_AD);
    }
    if (!newLedger) {
      throw new IllegalStateException("consent ledger " + ledger + " has entries but its signing keyset "
          + keyFile + " is missing; restore the key file (a new key could not verify old entries)");
    }
    TinkRuntime.config();
    KeysetHandle keys;
    try {
      keys = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot generate an Ed25519 signing key", e);
    }
    if (kek == null) {
      LOG.warn("generated a CLEARTEXT Ed25519 signing keyset at {} for consent ledger {}: a development default; "
          + "anyone who can read it can forge entries. Set kekUri to encrypt it under a KMS key.", keyFile, ledger);
      KeysetFiles.writeCleartext(keys, keyFile);
    } else {
      LOG.info("generated an Ed25519 signing keyset at {}, encrypted under the configured KEK", keyFile);
      KeysetFiles.writeEncrypted(keys, keyFile, kek, SIGNING_AD);
    }
    return keys;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading and checking

  private void load() throws IOException {
    LedgerVerifier.Scan s = ledgerVerifier.scan(readAll());
    for (int i = 0; i < s.entries().size(); i++) {
      state.add(s.entries().get(i));
      signatures.put((long) i, s.signatures().get(i));
    }
    appendPosition = s.goodBytes();
    LedgerVerification v = s.result().valid() ? checkHead(s.entries()) : s.result();
    if (!v.valid()) {
      openProblem = v;
      LOG.warn("consent ledger {} fails verification at entry {}: {}; appends are refused until it is {}",
          file, v.firstBadEntry(), v.problem(), s.tornTail() ? "repaired (repair())" : "restored");
    } else if (readHead().map(h -> h.size() < s.entries().size()).orElse(true)) {
      writeHead();
    }
  }

  private byte[] readAll() throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("consent ledger " + file + " is larger than 2 GiB; split it");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    long pos = 0;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n < 0) {
        break;
      }
      pos += n;
    }
    return Arrays.copyOf(buf.array(), buf.position());
  }

  // ---------------------------------------------------------------------------------------------
  // Head file: two 128-byte slots "size hash crc", the slot chosen by size parity.

  private Optional<Head> readHead() throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(2 * LedgerVerifier.HEAD_SLOT);
    long pos = 0;
    while (buf.hasRemaining()) {
      int n = headChannel.read(buf, pos);
      if (n < 0) {
        break;
      }
      pos += n;
    }
    return LedgerVerifier.parseHead(Arrays.copyOf(buf.array(), buf.position()));
  }

  private void writeHead() throws IOException {
    ByteBuffer b = ByteBuffer.wrap(LedgerVerifier.headSlot(state.size(), state.lastHash()));
    long pos = (state.size() % 2) * LedgerVerifier.HEAD_SLOT;
    while (b.hasRemaining()) {
      pos += headChannel.write(b, pos);
    }
  }

  private LedgerVerification checkHead(List<ConsentEntry> entries) throws IOException {
    return LedgerVerifier.checkHead(entries, readHead().orElse(null));
  }

  // ---------------------------------------------------------------------------------------------
  // ConsentLedger

  @Override
  public synchronized ConsentEntry append(ConsentEvent event) {
    ensureOpen();
    if (openProblem != null) {
      throw new IllegalStateException("consent ledger " + file + " refuses appends: it fails verification at entry "
          + openProblem.firstBadEntry() + " (" + openProblem.problem() + ")");
    }
    state.checkAppendable(event);
    long seq = state.size();
    String prev = state.lastHash();
    String hash = ConsentChain.hash(seq, event, prev);
    String sig;
    try {
      sig = TinkRuntime.b64(signer.sign(HexFormat.of().parseHex(hash)));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot sign consent entry " + seq, e);
    }
    byte[] body = LedgerVerifier.render(seq, event, prev, hash, sig);
    ByteBuffer b = ByteBuffer.allocate(body.length + 1).put(body).put((byte) '\n').flip();
    try {
      long pos = appendPosition;
      while (b.hasRemaining()) {
        pos += channel.write(b, pos);
      }
      if (fsync) {
        channel.force(false);
      }
      appendPosition = pos;
    } catch (IOException e) {
      try {
        channel.truncate(appendPosition);
      } catch (IOException again) {
        openProblem = LedgerVerification.failed(seq + 1, seq, "entry " + seq + ": a failed append could not be undone");
      }
      throw new UncheckedIOException("cannot append to consent ledger " + file, e);
    }
    ConsentEntry entry = new ConsentEntry(seq, event, prev, hash);
    state.add(entry);
    signatures.put(seq, sig);
    try {
      writeHead();
    } catch (IOException e) {
      LOG.warn("consent ledger {}: entry {} is written but the head file could not be updated: {}", file, seq,
          e.toString());
    }
    return entry;
  }

  @Override
  public synchronized boolean isGranted(String subject, Purpose purpose, Instant at) {
    ensureOpen();
    return state.isGranted(subject, purpose, at);
  }

  @Override
  public synchronized List<ConsentEntry> history(String subject) {
    ensureOpen();
    return state.history(subject);
  }

  @Override
  public synchronized long size() {
    ensureOpen();
    return state.size();
  }

  /**
   * Re-reads the file and checks every line, every link, every signature and the head; also that no
   * entry this object has accepted has disappeared from the file.
   *
   * @return the result, naming the first bad entry
   */
  @Override
  public synchronized LedgerVerification verify() {
    ensureOpen();
    try {
      LedgerVerifier.Scan s = ledgerVerifier.scan(readAll());
      if (!s.result().valid()) {
        return s.result();
      }
      if (s.entries().size() < state.size()) {
        return LedgerVerification.failed(s.entries().size(), s.entries().size(), "entry " + s.entries().size()
            + ": missing; the file holds " + s.entries().size() + " entries but " + state.size()
            + " were appended (deleted or truncated)");
      }
      return checkHead(s.entries());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read consent ledger " + file, e);
    }
  }

  /**
   * The entry count and last hash, to publish elsewhere as an anchor.
   *
   * @return the head
   */
  public synchronized Head head() {
    ensureOpen();
    return new Head(state.size(), state.lastHash());
  }

  /**
   * Moves a torn last line (left by a process killed while appending) to {@code <file>.torn} and
   * truncates the ledger to its last complete entry, so appends can resume. Every complete entry is
   * kept; the torn bytes are kept too, beside the ledger, for inspection.
   *
   * @return what was done
   * @throws IllegalStateException when the ledger fails verification for another reason (tampering
   *     cannot be repaired; restore from a copy)
   */
  public synchronized String repair() {
    ensureOpen();
    try {
      LedgerVerifier.Scan s = ledgerVerifier.scan(readAll());
      if (s.result().valid()) {
        openProblem = null;
        return "nothing to repair: " + s.entries().size() + " entries verify";
      }
      if (!s.tornTail()) {
        throw new IllegalStateException("consent ledger " + file + " cannot be repaired automatically: "
            + s.result().problem() + "; restore it from a copy");
      }
      byte[] all = readAll();
      byte[] torn = Arrays.copyOfRange(all, (int) s.goodBytes(), all.length);
      Path tornFile = file.resolveSibling(file.getFileName() + ".torn");
      Files.write(tornFile, torn, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      channel.truncate(s.goodBytes());
      channel.force(true);
      appendPosition = s.goodBytes();
      LedgerVerification after = checkHead(s.entries());
      if (!after.valid()) {
        openProblem = after;
        throw new IllegalStateException("consent ledger " + file + ": moved a torn last line to " + tornFile
            + ", but the ledger still fails verification: " + after.problem() + "; restore it from a copy");
      }
      openProblem = null;
      LOG.warn("consent ledger {}: moved a torn last line ({} bytes) to {}", file, torn.length, tornFile);
      return "moved a torn last line of " + torn.length + " bytes after entry " + (s.entries().size() - 1) + " to "
          + tornFile;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair consent ledger " + file, e);
    }
  }

  /**
   * A consent receipt for a subject with every entry's signature and the public key that checks them.
   *
   * @param subject the subject
   * @param issuedAt the instant the statuses are evaluated at
   * @return pretty-printed JSON
   */
  public synchronized String receipt(String subject, Instant issuedAt) {
    ensureOpen();
    return ConsentReceipts.receipt(this, subject, issuedAt, Map.copyOf(signatures), publicKeysetJson);
  }

  /**
   * The public Tink keyset (JSON, no secrets) that verifies this ledger's signatures.
   *
   * @return the verification key
   */
  public String verificationKey() {
    return publicKeysetJson;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      headChannel.close();
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close consent ledger " + file, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("consent ledger " + file + " is closed");
    }
  }

  /** The file and size; never keys. */
  @Override
  public synchronized String toString() {
    return "HashChainConsentLedger[" + file + ", entries=" + state.size() + (openProblem != null ? ", read-only" : "")
        + (closed ? ", closed" : "") + "]";
  }
}
