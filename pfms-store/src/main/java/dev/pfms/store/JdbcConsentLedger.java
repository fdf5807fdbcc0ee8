package dev.pfms.store;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.consent.ConsentReceipts;
import dev.pfms.api.consent.ConsentState;
import dev.pfms.crypto.ledger.LedgerVerifier;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.store.StoreException;
import dev.pfms.crypto.ledger.Checkpoint;
import dev.pfms.crypto.ledger.LedgerSigningKey;
import dev.pfms.crypto.ledger.LedgerWitness;
import dev.pfms.store.internal.Connections;
import dev.pfms.store.internal.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consent ledger kept in the store's database (SQLite or PostgreSQL) with the same tamper evidence
 * and verification as the file ledger ({@code hash-chain}, {@code dev.pfms.crypto.ledger.HashChainConsentLedger}).
 *
 * <h2>What is stored where</h2>
 * Table {@code consent_entry} holds one row per entry: the canonical fields of {@link ConsentChain}
 * (instants as {@link Instant#toString()} text, so the hash recomputes byte for byte), the entry's
 * SHA-256 {@code hash} (which covers the previous entry's) and its Ed25519 {@code sig}. Table
 * {@code consent_checkpoint} holds the latest signed {@link Checkpoint} (entry count, last hash, a
 * counter, time), written in the same database transaction as the entry. The signing key is
 * <strong>never</strong> in the database: it is a Tink keyset file elsewhere, encrypted under a KEK
 * (KMS or password-derived, see {@link LedgerSigningKey}). By default the latest checkpoint is also
 * published to a {@link LedgerWitness} beside the key (outside the database), so a rollback of the
 * database to an older, self-consistent copy is detected as well.
 *
 * <h2>Verification and failing closed</h2>
 * Every row must carry the next sequence number, link to the previous hash, match its own hash,
 * carry a valid signature, hold its instants in canonical form and not go back in time; the rows
 * must agree with the signed checkpoint (count and hash) and with the witness's. Any failure — at
 * open, at {@link #verify()}, or when {@link #require} notices the tables changed — is sticky:
 * {@code require} then throws {@link ConsentRequiredException} naming the first bad entry, and
 * appends are refused. {@code require} detects changes made by anything else with one cheap query
 * (SQLite: {@code PRAGMA data_version}; PostgreSQL: the count and the sum of the rows' {@code xmin}
 * transaction ids, which every insert, update or delete changes) and then re-verifies every row.
 * A database that cannot be read refuses that call.
 *
 * <h2>Several writers</h2>
 * Appends lock the ledger (SQLite: {@code BEGIN IMMEDIATE}; PostgreSQL: {@code LOCK TABLE … IN
 * EXCLUSIVE MODE}), so processes sharing a database append in turn; entries another process
 * appended are verified and then adopted. The ledger stamps events from its own clock
 * ({@link ConsentClock}), strictly increasing through the ledger.
 *
 * <p>Thread-safe (one lock per ledger). {@link #toString()} shows the location only.
 */
public final class JdbcConsentLedger implements ConsentLedger {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcConsentLedger.class);
  private static final int MEMO_LIMIT = 100_000;
  private static final String COLUMNS = "seq, subject, purpose, scope, granted, recorded_at, expiry, actor, prev, hash, sig";

  private final Connections db;
  private final Dialect dialect;
  private final LedgerSigningKey key;
  private final ConsentClock clock;
  private final LedgerWitness witness;
  private final String location;

  private final ConsentState state = new ConsentState();
  private final Map<Long, String> signatures = new HashMap<>();
  private final Set<String> verifiedSignatures = new HashSet<>();
  private Checkpoint checkpoint;
  private String fingerprint;
  private LedgerVerification failure;
  private boolean closed;

  private JdbcConsentLedger(Connections db, Dialect dialect, LedgerSigningKey key, ConsentClock clock,
      LedgerWitness witness) {
    this.db = db;
    this.dialect = dialect;
    this.key = key;
    this.clock = clock;
    this.witness = witness;
    this.location = db.location();
  }

  /**
   * Opens the ledger over open connections (which it then owns and closes).
   *
   * @param db the database, migrated
   * @param dialect its dialect
   * @param keyset the signing keyset file (outside the database)
   * @param keyOptions how the keyset is protected
   * @param clock the ledger's clock
   * @param witness where checkpoints are also published, or {@code null}
   * @return the open ledger; when it fails verification it is open but refuses everything
   */
  static JdbcConsentLedger open(Connections db, Dialect dialect, Path keyset, LedgerSigningKey.Options keyOptions,
      ConsentClock clock, LedgerWitness witness) {
    try {
      long rows = db.read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM consent_entry")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      LedgerSigningKey key = LedgerSigningKey.open(keyset, keyOptions, rows == 0, db.location());
      JdbcConsentLedger l = new JdbcConsentLedger(db, dialect, key, clock, witness);
      l.load();
      return l;
    } catch (SQLException e) {
      db.close();
      throw new StoreException("cannot open the consent ledger in " + db.location() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      db.close();
      throw new StoreException("cannot open the consent ledger in " + db.location() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading and checking

  /** The rows that verified one by one, their signatures, and the first problem. */
  private record Scan(List<ConsentEntry> entries, List<String> signatures, LedgerVerification result) {}

  /** One consistent look at the tables. */
  private record Read(String fingerprint, Scan scan, byte[] checkpoint) {}

  private void load() throws SQLException {
    Checkpoint witnessed;
    try {
      witnessed = witness == null ? null : witness.latest().orElse(null);
    } catch (IOException e) {
      throw new StoreException("consent ledger in " + location + ": the witness " + witness + " cannot be read: "
          + e.getMessage(), e);
    }
    Read r = db.read(this::readAll);
    LedgerVerification v = compare(r, witnessed);
    if (!v.valid()) {
      failure = v;
      for (int i = state.size(); i < r.scan().entries().size(); i++) {
        adopt(r.scan().entries().get(i), r.scan().signatures().get(i));
      }
      LOG.warn("consent ledger in {} fails verification at entry {}: {}; processing and appends are refused until"
          + " it is restored", location, v.firstBadEntry(), v.problem());
    } else {
      publishToWitness();
    }
  }

  private Read readAll(Connection c) throws SQLException {
    String fp = fingerprint(c);
    Scan s = scan(c);
    byte[] cp = null;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT body FROM consent_checkpoint WHERE id = 1")) {
      if (rs.next()) {
        String body = rs.getString(1);
        cp = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      }
    }
    return new Read(fp, s, cp);
  }

  /** Changes whenever anything else commits to the ledger's tables. */
  private String fingerprint(Connection c) throws SQLException {
    String sql = dialect == Dialect.SQLITE ? "PRAGMA data_version"
        : "SELECT (SELECT count(*) FROM consent_entry) || ':' || (SELECT coalesce(sum(xmin::text::bigint), 0)"
            + " FROM consent_entry) || '/' || (SELECT count(*) FROM consent_checkpoint) || ':' ||"
            + " (SELECT coalesce(sum(xmin::text::bigint), 0) FROM consent_checkpoint)";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private Scan scan(Connection c) throws SQLException {
    List<ConsentEntry> entries = new ArrayList<>();
    List<String> sigs = new ArrayList<>();
    ConsentState check = new ConsentState();
    String prev = ConsentChain.GENESIS;
    long i = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM consent_entry ORDER BY seq")) {
      while (rs.next()) {
        String problem = checkRow(i, rs, prev, check, entries, sigs);
        if (problem != null) {
          return new Scan(entries, sigs, LedgerVerification.failed(i + 1, i, "entry " + i + ": " + problem));
        }
        prev = entries.get((int) i).hash();
        i++;
      }
    }
    return new Scan(entries, sigs, LedgerVerification.ok(i));
  }

  private String checkRow(long i, ResultSet rs, String prev, ConsentState check, List<ConsentEntry> entries,
      List<String> sigs) throws SQLException {
    String seqText = rs.getString(1);
    if (!Long.toString(i).equals(seqText)) {
      return "sequence number is " + seqText + " where " + i + " was expected (rows deleted, inserted or reordered)";
    }
    Boolean granted = bool(rs.getObject(5));
    if (granted == null) {
      return "column 'granted' holds " + rs.getObject(5) + ", not a boolean (edited)";
    }
    ConsentEvent event;
    String prevField;
    String hash;
    String sig;
    try {
      String time = rs.getString(6);
      String expiry = rs.getString(7);
      Instant t = Instant.parse(time);
      Instant e = expiry == null ? null : Instant.parse(expiry);
      if (!t.toString().equals(time) || (e != null && !e.toString().equals(expiry))) {
        return "an instant is not in the canonical form the ledger writes (edited)";
      }
      event = new ConsentEvent(rs.getString(2), Purpose.valueOf(rs.getString(3)), rs.getString(4), granted, t, e,
          rs.getString(8));
      prevField = java.util.Objects.requireNonNull(rs.getString(9));
      hash = java.util.Objects.requireNonNull(rs.getString(10));
      sig = java.util.Objects.requireNonNull(rs.getString(11));
    } catch (RuntimeException e) {
      return "unreadable column value (" + e.getClass().getSimpleName() + "; edited or corrupt)";
    }
    return LedgerVerifier.checkLink(i, event, prevField, prev, hash, sig, this::signatureValid, check, entries, sigs);
  }

  private static Boolean bool(Object o) {
    if (o instanceof Boolean b) {
      return b;
    }
    if (o instanceof Number n && (n instanceof Integer || n instanceof Long) && (n.longValue() == 0 || n.longValue() == 1)) {
      return n.longValue() == 1;
    }
    return null;
  }

  private boolean signatureValid(String hash, String sig) {
    String memo = hash + ":" + sig;
    if (verifiedSignatures.contains(memo)) {
      return true;
    }
    if (!key.verifiesEntry(hash, sig)) {
      return false;
    }
    if (verifiedSignatures.size() >= MEMO_LIMIT) {
      verifiedSignatures.clear();
    }
    verifiedSignatures.add(memo);
    return true;
  }

  /**
   * Compares a look at the tables with what this ledger holds; on success adopts entries other
   * writers appended, the checkpoint and the fingerprint.
   */
  private LedgerVerification compare(Read r, Checkpoint witnessed) {
    Scan s = r.scan();
    if (!s.result().valid()) {
      return s.result();
    }
    List<ConsentEntry> entries = s.entries();
    int mine = state.size();
    if (entries.size() < mine) {
      return LedgerVerification.failed(entries.size(), entries.size(), "entry " + entries.size() + ": missing; the"
          + " database holds " + entries.size() + " entries but " + mine + " were read or appended (rows deleted)");
    }
    List<ConsentEntry> known = state.entries();
    for (int i = 0; i < mine; i++) {
      if (!entries.get(i).hash().equals(known.get(i).hash())) {
        return LedgerVerification.failed(i + 1L, i, "entry " + i + ": differs from the entry this ledger read or"
            + " wrote (rewritten)");
      }
    }
    LedgerVerification v = key.checkCheckpoints(entries, r.checkpoint(), witnessed);
    if (!v.valid()) {
      return v;
    }
    for (int i = mine; i < entries.size(); i++) {
      adopt(entries.get(i), s.signatures().get(i));
    }
    checkpoint = r.checkpoint() == null ? null : Checkpoint.decode(r.checkpoint());
    fingerprint = r.fingerprint();
    return LedgerVerification.ok(entries.size());
  }

  private void adopt(ConsentEntry e, String sig) {
    state.add(e);
    signatures.put(e.sequence(), sig);
  }

  private Checkpoint witnessed() {
    if (witness == null) {
      return null;
    }
    try {
      return witness.latest().orElse(null);
    } catch (IOException e) {
      throw new StoreException("consent ledger in " + location + ": the witness " + witness + " cannot be read: "
          + e.getMessage(), e);
    }
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
      LOG.warn("consent ledger in {}: the witness {} was not updated to checkpoint #{}: {}", location, witness,
          checkpoint.counter(), e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ConsentLedger

  private record Pending(ConsentEntry entry, String signature, Checkpoint checkpoint, String fingerprint) {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the ledger fails verification (appends are refused)
   * @throws StoreException when the database fails
   */
  @Override
  public synchronized ConsentEntry append(ConsentEvent event) {
    ensureOpen();
    java.util.Objects.requireNonNull(event, "event");
    refuseWhenFailed();
    Checkpoint witnessed = witnessed();
    Pending p;
    try {
      p = db.write(c -> {
        lock(c);
        if (!fingerprint(c).equals(fingerprint)) {
          LedgerVerification v = compare(readAll(c), witnessed);
          if (!v.valid()) {
            failure = v;
            return null;
          }
        }
        ConsentEvent e = clock.stamp(event, state.lastTime());
        state.checkAppendable(e);
        long seq = state.size();
        String prev = state.lastHash();
        String hash = ConsentChain.hash(seq, e, prev);
        String sig = key.signEntry(hash);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent_entry (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setLong(1, seq);
          ps.setString(2, e.subject());
          ps.setString(3, e.purpose().name());
          ps.setString(4, e.scope());
          ps.setBoolean(5, e.granted());
          ps.setString(6, e.time().toString());
          ps.setString(7, e.expiry() == null ? null : e.expiry().toString());
          ps.setString(8, e.actor());
          ps.setString(9, prev);
          ps.setString(10, hash);
          ps.setString(11, sig);
          ps.executeUpdate();
        }
        Checkpoint cp = key.checkpoint(seq + 1, hash, checkpoint == null ? 1 : checkpoint.counter() + 1, clock.now());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent_checkpoint (id, body) VALUES (1, ?)"
            + " ON CONFLICT (id) DO UPDATE SET body = excluded.body")) {
          byte[] enc = cp.encode();
          ps.setString(1, new String(enc, StandardCharsets.UTF_8));
          ps.executeUpdate();
        }
        return new Pending(new ConsentEntry(seq, e, prev, hash), sig, cp, fingerprint(c));
      });
    } catch (SQLException e) {
      throw new StoreException("cannot append to the consent ledger in " + location + ": " + e.getMessage(), e);
    }
    if (p == null) {
      refuseWhenFailed();
      throw new IllegalStateException("consent ledger in " + location + " refuses appends");
    }
    adopt(p.entry(), p.signature());
    checkpoint = p.checkpoint();
    fingerprint = p.fingerprint();
    publishToWitness();
    return p.entry();
  }

  private void lock(Connection c) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      try (Statement s = c.createStatement()) {
        s.execute("LOCK TABLE consent_entry IN EXCLUSIVE MODE");
      }
    }
    // SQLite: the write transaction is BEGIN IMMEDIATE, which already holds the database's write lock.
  }

  private void refuseWhenFailed() {
    if (failure != null) {
      throw new IllegalStateException("consent ledger in " + location + " refuses appends: it fails verification at"
          + " entry " + failure.firstBadEntry() + " (" + failure.problem() + ")");
    }
  }

  @Override
  public synchronized boolean isGranted(String subject, Purpose purpose, String scope, Instant at) {
    ensureOpen();
    return state.isGranted(subject, purpose, scope, at);
  }

  /**
   * Fails closed: refuses when the ledger failed verification at open or at any later check, and
   * re-verifies every row first whenever anything else changed the ledger's tables.
   *
   * @throws ConsentRequiredException when consent is not in force for the scope, the ledger fails
   *     verification (the message names the first bad entry), or the database cannot be read
   */
  @Override
  public synchronized void require(String subject, Purpose purpose, String scope, Instant at) {
    ensureOpen();
    if (failure == null) {
      try {
        if (!db.read(this::fingerprint).equals(fingerprint)) {
          verify();
        }
      } catch (SQLException | RuntimeException e) {
        throw new ConsentRequiredException(subject, purpose, "the consent ledger in " + location
            + " cannot be read (" + e.getMessage() + "); processing is refused");
      }
    }
    LedgerVerifier.refuseUnlessGranted(failure, state, "the consent ledger in " + location, subject, purpose, scope,
        at);
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
   * Re-reads every row and the checkpoint and checks them (chain, hashes, signatures, time order,
   * checkpoint, witness), and that nothing this ledger read or wrote has changed or disappeared.
   * A failure is kept: {@link #require} refuses from then on.
   *
   * @return the result, naming the first bad entry
   * @throws StoreException when the database cannot be read (not kept: the next call tries again)
   */
  @Override
  public synchronized LedgerVerification verify() {
    ensureOpen();
    Checkpoint witnessed;
    Read r;
    try {
      witnessed = witnessed();
      r = db.read(this::readAll);
    } catch (SQLException e) {
      throw new StoreException("cannot read the consent ledger in " + location + ": " + e.getMessage(), e);
    }
    LedgerVerification v = compare(r, witnessed);
    if (!v.valid()) {
      if (failure == null) {
        LOG.warn("consent ledger in {} fails verification at entry {}: {}", location, v.firstBadEntry(), v.problem());
      }
      failure = v;
    }
    return v;
  }

  /**
   * The latest signed checkpoint.
   *
   * @return it, or empty for an empty ledger
   */
  public synchronized Optional<Checkpoint> checkpoint() {
    ensureOpen();
    return Optional.ofNullable(checkpoint);
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
    return ConsentReceipts.receipt(this, subject, issuedAt, Map.copyOf(signatures), key.publicKeysetJson());
  }

  /**
   * The public Tink keyset (JSON, no secrets) that verifies this ledger's signatures.
   *
   * @return the verification key
   */
  public String verificationKey() {
    return key.publicKeysetJson();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      db.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("consent ledger in " + location + " is closed");
    }
  }

  /** The location and size; never keys. */
  @Override
  public synchronized String toString() {
    return "JdbcConsentLedger[" + location + ", entries=" + state.size() + (failure != null ? ", failed" : "")
        + (closed ? ", closed" : "") + "]";
  }
}
