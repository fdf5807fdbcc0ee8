package dev.pfms.crypto.ledger;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.consent.ConsentClock;
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
 * <h2>Checkpoints, keys and the witness</h2>
 * After every append the ledger writes a signed {@link Checkpoint} ({@code <file>.checkpoint}: entry
 * count, last hash, a growing counter, time) and, when a {@link LedgerWitness} is configured,
 * publishes it there (a second location). Opening and {@link #verify()} check the file against both:
 * truncation, deletion of entries with or without the head file, replacement of the checkpoint and a
 * rewrite of history without the key are detected from the data directory alone; a rollback of the
 * whole directory to an older self-consistent copy needs the witness. A ledger with entries but no
 * checkpoint (a v1 ledger) is refused unless opened once with {@link Builder#adoptLegacy(boolean)}.
 * The Ed25519 signing key is encrypted under a key-encryption key: a KMS ({@link Builder#kekUri}) or
 * a password-derived KEK ({@link Builder#password}, {@link dev.pfms.crypto.kms.PasswordKmsClient});
 * a cleartext key needs {@link Builder#insecureCleartextKey(boolean)} (development only). See
 * {@code docs/adr/0004-consent-fails-closed.md} for the threat model.
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
  private final ConsentClock clock;
  private final Path checkpointFile;
  private final LedgerWitness witness;
  private final boolean adoptLegacy;
  private final PublicKeyVerify publicVerify;
  private Checkpoint checkpoint;
  private java.nio.file.attribute.FileTime checkedCheckpointModified;

  private final ConsentState state = new ConsentState();
  private final Map<Long, String> signatures = new HashMap<>();
  private long appendPosition;
  private LedgerVerification openProblem;
  private LedgerVerification failure;
  private long checkedSize = -1;
  private java.nio.file.attribute.FileTime checkedModified;
  private java.nio.file.attribute.FileTime checkedHeadModified;
  private boolean closed;

  /** The count and last hash of a ledger: publish it elsewhere to anchor the chain. */
  public record Head(long size, String lastHash) {}

  private HashChainConsentLedger(Path file, FileChannel channel, FileLock lock, FileChannel headChannel,
      boolean fsync, KeysetHandle signingKeys, ConsentClock clock, LedgerWitness witness, boolean adoptLegacy) {
    this.clock = clock;
    this.checkpointFile = file.resolveSibling(file.getFileName() + ".checkpoint");
    this.witness = witness;
    this.adoptLegacy = adoptLegacy;
    this.file = file;
    this.headFile = headPath(file);
    this.channel = channel;
    this.lock = lock;
    this.headChannel = headChannel;
    this.fsync = fsync;
    this.signer = TinkRuntime.primitive(signingKeys, PublicKeySign.class);
    try {
      this.publicVerify = TinkRuntime.primitive(signingKeys.getPublicKeysetHandle(), PublicKeyVerify.class);
      this.ledgerVerifier = new LedgerVerifier(publicVerify, 100_000);
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
    return open(file, signingKeyset, kekUri, fsync, ConsentClock.system());
  }

  /**
   * Opens (or creates) a ledger that stamps entries from a given clock.
   *
   * @param file the ledger file
   * @param signingKeyset the Ed25519 keyset file, or {@code null} for {@code <file>.signing.json}
   * @param kekUri a KEK URI encrypting the keyset file, or {@code null} for a cleartext file
   * @param fsync whether each append is forced to disk
   * @param clock the ledger's clock and the skew it allows the caller's
   * @return the open ledger
   * @throws IOException when the files cannot be opened
   * @throws IllegalStateException when another process holds the ledger open
   */
  public static HashChainConsentLedger open(Path file, Path signingKeyset, String kekUri, boolean fsync,
      ConsentClock clock) throws IOException {
    return builder(file).signingKeyset(signingKeyset).kekUri(kekUri).insecureCleartextKey(kekUri == null)
        .fsync(fsync).clock(clock).open();
  }

  /**
   * A builder for a ledger file.
   *
   * @param file the ledger file
   * @return the builder
   */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** Options of a ledger; {@link #open()} opens it. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private Path signingKeyset;
    private String kekUri;
    private char[] password;
    private int kdfIterations = dev.pfms.crypto.kms.PasswordKmsClient.DEFAULT_ITERATIONS;
    private boolean insecureCleartextKey;
    private boolean fsync = true;
    private ConsentClock clock = ConsentClock.system();
    private LedgerWitness witness;
    private boolean adoptLegacy;

    private Builder(Path file) {
      this.file = java.util.Objects.requireNonNull(file, "file");
    }

    /** @param v the Ed25519 keyset file, or {@code null} for {@code <file>.signing.json} @return this */
    public Builder signingKeyset(Path v) {
      this.signingKeyset = v;
      return this;
    }

    /** @param v a KEK URI (KMS) encrypting the signing keyset, or {@code null} @return this */
    public Builder kekUri(String v) {
      this.kekUri = v;
      return this;
    }

    /**
     * Encrypts the signing keyset under a KEK derived from a password (PBKDF2-HMAC-SHA256, parameters
     * in {@code <file>.kek.json}); used when no {@link #kekUri} is set.
     *
     * @param v the password (copied), or {@code null}
     * @return this
     */
    public Builder password(char[] v) {
      this.password = v == null ? null : v.clone();
      return this;
    }

    /** @param v PBKDF2 iterations for a new password KEK (default 600,000; at least 1,000) @return this */
    public Builder kdfIterations(int v) {
      this.kdfIterations = v;
      return this;
    }

    /**
     * Keeps the signing key in a cleartext file: development only, anyone who reads it can forge
     * entries and checkpoints.
     *
     * @param v true to allow it
     * @return this
     */
    public Builder insecureCleartextKey(boolean v) {
      this.insecureCleartextKey = v;
      return this;
    }

    /** @param v whether each append is forced to disk (default true) @return this */
    public Builder fsync(boolean v) {
      this.fsync = v;
      return this;
    }

    /** @param v the ledger's clock and allowed skew @return this */
    public Builder clock(ConsentClock v) {
      this.clock = java.util.Objects.requireNonNull(v, "clock");
      return this;
    }

    /** @param v a second location that keeps the latest checkpoint, or {@code null} @return this */
    public Builder witness(LedgerWitness v) {
      this.witness = v;
      return this;
    }

    /**
     * Accepts a ledger that has entries but no checkpoint (a v1 ledger) as it is, and gives it one.
     * Do this once, after checking the file, when upgrading: afterwards a missing checkpoint is refused.
     *
     * @param v true to adopt
     * @return this
     */
    public Builder adoptLegacy(boolean v) {
      this.adoptLegacy = v;
      return this;
    }

    /**
     * Opens (or creates) the ledger.
     *
     * @return the open ledger
     * @throws IOException when the files cannot be opened
     * @throws IllegalStateException when another process holds the ledger open, or no KEK is
     *     configured and the cleartext key is not allowed
     */
    public HashChainConsentLedger open() throws IOException {
      return HashChainConsentLedger.open(this);
    }
  }

  private static HashChainConsentLedger open(Builder b) throws IOException {
    Path abs = b.file.toAbsolutePath();
    Aead kek = kek(abs, b);
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
      KeysetHandle keys = signingKeys(abs, b.signingKeyset, kek, ch.size() == 0);
      head = FileChannel.open(headPath(abs), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      HashChainConsentLedger l = new HashChainConsentLedger(abs, ch, lock, head, b.fsync, keys, b.clock, b.witness,
          b.adoptLegacy);
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

  private static Aead kek(Path ledger, Builder b) throws IOException {
    if (b.kekUri != null) {
      return Keks.aead(b.kekUri);
    }
    if (b.password != null) {
      dev.pfms.crypto.kms.PasswordKmsClient client = new dev.pfms.crypto.kms.PasswordKmsClient(b.password);
      try {
        Path params = ledger.resolveSibling(ledger.getFileName() + ".kek.json");
        String uri = client.create(params, b.kdfIterations);
        return client.getAead(uri);
      } catch (GeneralSecurityException e) {
        throw new CryptoException("consent ledger " + ledger + ": " + e.getMessage(), e);
      } finally {
        client.destroy();
      }
    }
    if (!b.insecureCleartextKey) {
      throw new IllegalStateException("consent ledger " + ledger + ": no key-encryption key for its signing key; set"
          + " a KMS KEK (kekUri), a password (the PFMS_LEDGER_PASSWORD environment variable or the password option),"
          + " or, for development only, insecureCleartextKey=true");
    }
    return null;
  }

  private static Path headPath(Path file) {
    return file.resolveSibling(file.getFileName() + ".head");
  }

  private static KeysetHandle signingKeys(Path ledger, Path configured, Aead kek, boolean newLedger)
      throws IOException {
    Path keyFile = configured != null ? configured.toAbsolutePath()
        : ledger.resolveSibling(ledger.getFileName() + ".signing.json");
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
    if (v.valid()) {
      v = checkCheckpoints(s.entries());
    }
    if (!v.valid()) {
      openProblem = v;
      LOG.warn("consent ledger {} fails verification at entry {}: {}; appends are refused until it is {}",
          file, v.firstBadEntry(), v.problem(), s.tornTail() ? "repaired (repair())" : "restored");
    } else if (readHead().map(h -> h.size() < s.entries().size()).orElse(true)) {
      writeHead();
    }
    if (v.valid()) {
      if (checkpoint == null && !s.entries().isEmpty()) {
        LOG.warn("consent ledger {}: adopted a legacy ledger of {} entries without a checkpoint (as asked); it has"
            + " one from now on", file, s.entries().size());
      }
      if (checkpoint == null || checkpoint.size() < s.entries().size()) {
        writeCheckpoint();
      } else {
        publishToWitness();
      }
      recordChecked();
    } else {
      failure = v;
    }
  }

  private LedgerVerification checkCheckpoints(List<ConsentEntry> entries) throws IOException {
    byte[] cp = Files.exists(checkpointFile) ? Files.readAllBytes(checkpointFile) : null;
    Checkpoint witnessed = witness == null ? null : witness.latest().orElse(null);
    LedgerVerification v = ledgerVerifier.checkCheckpoints(entries, cp, witnessed, adoptLegacy && checkpoint == null);
    if (v.valid() && cp != null) {
      checkpoint = Checkpoint.decode(cp);
    }
    return v;
  }

  private void writeCheckpoint() throws IOException {
    long counter = checkpoint == null ? 1 : checkpoint.counter() + 1;
    Checkpoint cp = Checkpoint.sign(signer, state.size(), state.lastHash(), counter, clock.now());
    Path dir = checkpointFile.getParent();
    Path tmp = Files.createTempFile(dir, "." + checkpointFile.getFileName(), ".tmp");
    try {
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        c.write(ByteBuffer.wrap(cp.encode()));
        if (fsync) {
          c.force(true);
        }
      }
      Files.move(tmp, checkpointFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    checkpoint = cp;
    publishToWitness();
  }

  private void publishToWitness() {
    if (witness == null || checkpoint == null) {
      return;
    }
    try {
      Checkpoint held = witness.latest().orElse(null);
      if (held == null || held.counter() < checkpoint.counter()) {
        witness.publish(checkpoint);
      }
    } catch (IOException | IllegalStateException e) {
      LOG.warn("consent ledger {}: the witness {} was not updated to checkpoint #{}: {}", file, witness,
          checkpoint.counter(), e.getMessage());
    }
  }

  /**
   * The latest signed checkpoint of this ledger.
   *
   * @return it, or empty for an empty ledger that has none yet
   */
  public synchronized Optional<Checkpoint> checkpoint() {
    ensureOpen();
    return Optional.ofNullable(checkpoint);
  }

  /** Remembers the size and modification times of the files as just verified (or written). */
  private void recordChecked() throws IOException {
    checkedSize = channel.size();
    checkedModified = Files.getLastModifiedTime(file);
    checkedHeadModified = Files.getLastModifiedTime(headFile);
    checkedCheckpointModified = Files.exists(checkpointFile) ? Files.getLastModifiedTime(checkpointFile) : null;
  }

  /** True when the files changed since they were last verified or written by this object. */
  private boolean changedSinceChecked() throws IOException {
    return channel.size() != checkedSize || !Files.getLastModifiedTime(file).equals(checkedModified)
        || !Files.getLastModifiedTime(headFile).equals(checkedHeadModified)
        || !java.util.Objects.equals(Files.exists(checkpointFile) ? Files.getLastModifiedTime(checkpointFile) : null,
            checkedCheckpointModified);
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
    if (failure != null) {
      throw new IllegalStateException("consent ledger " + file + " refuses appends: it fails verification at entry "
          + failure.firstBadEntry() + " (" + failure.problem() + ")");
    }
    event = clock.stamp(event, state.lastTime());
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
      writeCheckpoint();
      recordChecked();
    } catch (IOException | RuntimeException e) {
      LOG.warn("consent ledger {}: entry {} is written but the head or checkpoint could not be updated: {}", file,
          seq, e.toString());
    }
    return entry;
  }

  @Override
  public synchronized boolean isGranted(String subject, Purpose purpose, String scope, Instant at) {
    ensureOpen();
    return state.isGranted(subject, purpose, scope, at);
  }

  /**
   * Fails closed: refuses when the ledger failed verification when it was opened or at any later
   * check, and re-verifies the whole file first whenever the ledger or head file changed (size or
   * modification time) since this object last verified or wrote it.
   *
   * @throws ConsentRequiredException when consent is not in force for the scope, or the ledger
   *     fails verification (the message names the first bad entry)
   */
  @Override
  public synchronized void require(String subject, Purpose purpose, String scope, Instant at) {
    ensureOpen();
    if (failure == null) {
      try {
        if (changedSinceChecked()) {
          verify();
        }
      } catch (IOException | UncheckedIOException e) {
        throw new ConsentRequiredException(subject, purpose, "the consent ledger " + file
            + " cannot be read (" + e.getMessage() + "); processing is refused");
      }
    }
    LedgerVerifier.refuseUnlessGranted(failure, state, "the consent ledger " + file, subject, purpose, scope, at);
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
    LedgerVerification v = check();
    if (!v.valid()) {
      failure = v;
    } else if (failure == null) {
      try {
        recordChecked();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read consent ledger " + file, e);
      }
    }
    return v;
  }

  private LedgerVerification check() {
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
      List<ConsentEntry> mine = state.entries();
      for (int i = 0; i < mine.size(); i++) {
        if (!s.entries().get(i).hash().equals(mine.get(i).hash())) {
          return LedgerVerification.failed(i + 1L, i, "entry " + i + ": differs from the entry this ledger read or"
              + " wrote (the file was rewritten while open)");
        }
      }
      if (s.entries().size() > state.size()) {
        return LedgerVerification.failed(s.entries().size(), state.size(), "entry " + state.size()
            + ": appended by another writer while this ledger held the file open");
      }
      LedgerVerification h = checkHead(s.entries());
      return h.valid() ? checkCheckpoints(s.entries()) : h;
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
        LedgerVerification whole = check();
        if (!whole.valid()) {
          throw new IllegalStateException("consent ledger " + file + " cannot be repaired automatically: "
              + whole.problem() + "; restore it from a copy");
        }
        openProblem = null;
        failure = null;
        recordChecked();
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
      failure = null;
      recordChecked();
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
