package dev.pfms.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.FieldProtector;
import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.LearnedPayee;
import dev.pfms.api.store.ModelRecord;
import dev.pfms.api.store.RuleRecord;
import dev.pfms.api.store.SeriesRecord;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreException;
import dev.pfms.api.store.StoredTransaction;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The {@link Store} over JDBC, shared by the SQLite and PostgreSQL providers. Thread-safe: all state
 * is in the database; {@link Connections} serializes or pools access.
 */
public final class JdbcStore implements Store {

  /** The longest text a row may carry in one field; longer rows are rejected, not truncated. */
  public static final int MAX_TEXT = 4096;
  /** Amounts must be below this in absolute value. */
  static final BigDecimal MAX_AMOUNT = new BigDecimal("1e15");
  /** At most this many decimal places. */
  static final int MAX_SCALE = 6;

  private static final int BATCH = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String TXN_COLUMNS_V3 = "id, statement_id, account, booking_date, value_date, amount, currency,"
      + " description, merchant, reference, balance, category, category_primary, category_source, model_version,"
      + " source, line, confirmed_at";
  private static final String PARTY_COLUMNS = ", counterparty, counterparty_account, memo";

  private final Connections db;
  private final Dialect dialect;
  private final FieldProtector protector;
  private final boolean partyColumns;
  private final String txnColumns;
  private final CorrectionStore corrections = new Corrections();

  /**
   * Creates a store over migrated connections.
   *
   * @param db the connections (the schema is current)
   * @param dialect the database dialect
   * @param protector how personal fields are stored
   */
  public JdbcStore(Connections db, Dialect dialect, FieldProtector protector) {
    this.db = Objects.requireNonNull(db, "db");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.protector = Objects.requireNonNull(protector, "protector");
    this.partyColumns = hasPartyColumns(db);
    this.txnColumns = TXN_COLUMNS_V3 + (partyColumns ? PARTY_COLUMNS : "");
    checkProtection();
  }

  /** What the canary decrypts to under the store's own keys. */
  private static final String CANARY = "pfms-store-protection-v1";

  /**
   * Records how the personal fields are stored on first open (schema 7 and later) and refuses, at every
   * later open, a protector that does not match: encrypted versus plaintext, or other keys (the canary,
   * encrypted under the store's keys, does not decrypt). Fails closed with the reason; never says
   * which value failed.
   */
  private void checkProtection() {
    try {
      if (!db.read(JdbcStore::hasProtectionTable)) {
        return; // older schema (migration tests only)
      }
      // a read at every open; a write transaction only the first time, to record the protection
      if (db.read(c -> checkProtection(c, false))) {
        return;
      }
      for (int attempt = 0; attempt < 2; attempt++) {
        if (db.write(c -> checkProtection(c, true))) {
          return;
        }
      }
      throw new StoreException(db.location() + ": could not record how its fields are stored");
    } catch (SQLException e) {
      throw fail("checking the store's field protection", e);
    }
  }

  /**
   * One check: true when the store's protection matches (or, with {@code adopt}, was recorded now),
   * false when nothing is recorded yet (or another process recorded it first: look again).
   */
  private boolean checkProtection(java.sql.Connection c, boolean adopt) throws SQLException {
    try (PreparedStatement probe = c.prepareStatement("SELECT encrypted, canary FROM store_protection WHERE id = 1")) {
      Boolean encrypted = null;
      String canary = null;
      try (ResultSet rs = probe.executeQuery()) {
        if (rs.next()) {
          encrypted = rs.getBoolean(1);
          canary = rs.getString(2);
        }
      }
      if (encrypted == null) {
        return adopt && adoptProtection(c);
      }
      if (encrypted && !protector.encrypts()) {
        throw new StoreException(db.location() + " was written with field encryption: open it with its keys"
            + " (a FieldProtector over the keyset it was created with); refusing to read its fields without them");
      }
      if (!encrypted && protector.encrypts()) {
        throw new StoreException(db.location() + " holds its personal fields in plaintext: refusing to mix"
            + " encrypted rows into it; open it without field encryption, or import its statements into a new,"
            + " encrypted store");
      }
      if (encrypted) {
        String got;
        try {
          got = protector.reveal("store", "canary", canary);
        } catch (RuntimeException e) {
          got = null;
        }
        if (!CANARY.equals(got)) {
          throw new StoreException(db.location() + " was written with other field-encryption keys than the ones"
              + " given: refusing to open it (the store's check value does not decrypt)");
        }
      }
    }
    return true;
  }

  /**
   * First open at schema 7: a store that already holds rows (written before the check existed) is
   * adopted only when one of its descriptions reads back under this protector.
   */
  private boolean adoptProtection(java.sql.Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id, description FROM txn LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      if (rs.next() && protector.encrypts()) {
        try {
          protector.reveal(rs.getString(1), "description", rs.getString(2));
        } catch (RuntimeException e) {
          throw new StoreException(db.location() + " holds transactions whose fields do not decrypt with the keys"
              + " given (a plaintext store, or other keys): refusing to mix encrypted rows into it");
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO store_protection (id, encrypted, canary, recorded_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      ps.setBoolean(1, protector.encrypts());
      ps.setString(2, protector.encrypts() ? protector.protect("store", "canary", CANARY) : CANARY);
      dialect.instant(ps, 3, Instant.now());
      return ps.executeUpdate() == 1; // 0: another process recorded it first; check what it recorded
    }
  }

  private static boolean hasProtectionTable(java.sql.Connection c) {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM store_protection WHERE 1 = 0")) {
      ps.executeQuery().close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Whether the schema has the counterparty and memo columns (4 and later; older only in migration tests). */
  private static boolean hasPartyColumns(Connections db) {
    try {
      return db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT memo FROM txn WHERE 1 = 0")) {
          ps.executeQuery().close();
          return true;
        } catch (SQLException e) {
          return false;
        }
      });
    } catch (SQLException e) {
      return false;
    }
  }

  private StoreException fail(String what, SQLException e) {
    return new StoreException(what + " failed in " + db.location() + ": " + e.getMessage()
        + " (SQLState " + e.getSQLState() + ")", e);
  }

  // ---------------------------------------------------------------- transactions

  @Override
  public ImportResult importStatement(String source, List<Transaction> transactions, List<IngestProblem> ingestProblems,
      LongConsumer progress) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(progress, "progress");
    List<IngestProblem> rejected = new ArrayList<>(ingestProblems);
    List<Transaction> accepted = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      IngestProblem p = check(t);
      if (p == null) {
        accepted.add(t);
      } else {
        rejected.add(p);
      }
    }
    // One lock order for every writer: concurrent imports of overlapping statements cannot deadlock.
    accepted.sort(Comparator.comparing(Transaction::id));
    Instant now = Instant.now();
    try {
      return db.write(c -> {
        long statementId;
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO statement (source, imported_at, added, skipped, rejected) VALUES (?, ?, 0, 0, ?) RETURNING id")) {
          ps.setString(1, source);
          dialect.instant(ps, 2, now);
          ps.setInt(3, rejected.size());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            statementId = rs.getLong(1);
          }
        }
        long written = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO txn (id, statement_id, account, account_bidx,"
            + " booking_date, value_date, amount, currency, description, merchant, merchant_bidx, reference, balance,"
            + " category, category_primary, category_source, model_version, source, line"
            + (partyColumns ? PARTY_COLUMNS : "") + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (partyColumns ? ", ?, ?, ?" : "")
            + ") ON CONFLICT (id) DO NOTHING")) {
          int inBatch = 0;
          for (Transaction t : accepted) {
            bindTransaction(ps, t, statementId);
            ps.addBatch();
            if (++inBatch == BATCH) {
              ps.executeBatch();
              written += inBatch;
              inBatch = 0;
              progress.accept(written);
            }
          }
          if (inBatch > 0) {
            ps.executeBatch();
            written += inBatch;
            progress.accept(written);
          }
        }
        int added;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM txn WHERE statement_id = ?")) {
          ps.setLong(1, statementId);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            added = rs.getInt(1);
          }
        }
        int skipped = accepted.size() - added;
        try (PreparedStatement ps = c.prepareStatement("UPDATE statement SET added = ?, skipped = ? WHERE id = ?")) {
          ps.setInt(1, added);
          ps.setInt(2, skipped);
          ps.setLong(3, statementId);
          ps.executeUpdate();
        }
        return new ImportResult(statementId, source, now, added, skipped, rejected);
      });
    } catch (SQLException e) {
      throw fail("importing " + source, e);
    }
  }

  private void bindTransaction(PreparedStatement ps, Transaction t, long statementId) throws SQLException {
    String id = t.id();
    ps.setString(1, id);
    ps.setLong(2, statementId);
    ps.setString(3, protector.protect(id, "account", t.account()));
    ps.setString(4, protector.blindIndex("account", t.account()));
    dialect.date(ps, 5, t.bookingDate());
    dialect.date(ps, 6, t.valueDate());
    dialect.decimal(ps, 7, t.amount().amount());
    ps.setString(8, t.amount().currency().getCurrencyCode());
    ps.setString(9, protector.protect(id, "description", t.description()));
    ps.setString(10, protector.protect(id, "merchant", t.merchant()));
    ps.setString(11, protector.blindIndex("merchant", t.merchant()));
    ps.setString(12, t.reference());
    dialect.decimal(ps, 13, t.balance() == null ? null : t.balance().amount());
    Category cat = t.category();
    ps.setString(14, cat == null ? null : cat.code());
    ps.setString(15, cat == null ? null : cat.primary());
    // A category that came in with the file (e.g. a labelled export) is the user's own.
    ps.setString(16, cat == null ? null : CategorySource.USER.name());
    ps.setString(17, null);
    ps.setString(18, t.provenance().source());
    ps.setLong(19, t.provenance().line());
    if (partyColumns) {
      ps.setString(20, protectNullable(id, "counterparty", t.counterparty()));
      ps.setString(21, protectNullable(id, "counterpartyAccount", t.counterpartyAccount()));
      ps.setString(22, protectNullable(id, "memo", t.memo()));
    }
  }

  private String protectNullable(String id, String field, String value) {
    return value == null ? null : protector.protect(id, field, value);
  }

  private String revealNullable(String id, String field, String value) {
    return value == null ? null : protector.reveal(id, field, value);
  }

  /** The same located problems ingestion reports, for rows the store cannot keep faithfully. */
  static IngestProblem check(Transaction t) {
    Provenance p = t.provenance();
    String field = null;
    String reason = null;
    if (t.id().isBlank() || t.id().length() > 128) {
      field = "id";
      reason = "transaction id must be 1 to 128 characters";
    } else {
      String[][] texts = {{"account", t.account()}, {"description", t.description()}, {"merchant", t.merchant()},
          {"reference", t.reference()}, {"counterparty", t.counterparty()},
          {"counterpartyAccount", t.counterpartyAccount()}, {"memo", t.memo()}};
      for (String[] f : texts) {
        String v = f[1];
        if (v == null) {
          continue;
        }
        if (v.length() > MAX_TEXT) {
          field = f[0];
          reason = "is " + v.length() + " characters long; the store keeps at most " + MAX_TEXT;
          break;
        }
        if (v.indexOf('\0') >= 0) {
          field = f[0];
          reason = "contains a NUL character (U+0000), which the database cannot store";
          break;
        }
      }
      if (reason == null) {
        for (Money m : new Money[] {t.amount(), t.balance()}) {
          if (m == null) {
            continue;
          }
          String name = m == t.amount() ? "amount" : "balance";
          if (m.amount().abs().compareTo(MAX_AMOUNT) >= 0) {
            field = name;
            reason = "is out of range: the store keeps amounts below 10^15";
            break;
          }
          if (m.amount().scale() > MAX_SCALE) {
            field = name;
            reason = "has " + m.amount().scale() + " decimal places; the store keeps at most " + MAX_SCALE;
            break;
          }
        }
      }
    }
    return reason == null ? null : new IngestProblem(p.source(), p.line(), field, reason);
  }

  @Override
  public List<ImportResult> statements() {
    try {
      return db.read(c -> {
        List<ImportResult> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id, source, imported_at, added, skipped, rejected FROM statement ORDER BY id");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new ImportResult(rs.getLong("id"), rs.getString("source"), dialect.instant(rs, "imported_at"),
                rs.getInt("added"), rs.getInt("skipped"), List.of()));
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("listing statements", e);
    }
  }

  @Override
  public Optional<StoredTransaction> transaction(String id) {
    List<StoredTransaction> l = query("SELECT " + txnColumns + " FROM txn WHERE id = ?", id);
    return l.stream().findFirst();
  }

  @Override
  public List<StoredTransaction> transactions() {
    return query("SELECT " + txnColumns + " FROM txn ORDER BY booking_date, id", null);
  }

  @Override
  public List<StoredTransaction> transactionsOfAccount(String account) {
    return query("SELECT " + txnColumns + " FROM txn WHERE account_bidx = ? ORDER BY booking_date, id",
        protector.blindIndex("account", account));
  }

  private List<StoredTransaction> query(String sql, String param) {
    try {
      return db.read(c -> {
        List<StoredTransaction> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          if (param != null) {
            ps.setString(1, param);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(readTransaction(rs));
            }
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("reading transactions", e);
    }
  }

  private StoredTransaction readTransaction(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    Currency cur = Currency.getInstance(rs.getString("currency"));
    BigDecimal bal = Dialect.decimal(rs, "balance");
    String code = rs.getString("category");
    Category cat = code == null ? null : new Category(code, rs.getString("category_primary"));
    Transaction t = new Transaction(id, protector.reveal(id, "account", rs.getString("account")),
        Dialect.date(rs, "booking_date"), Dialect.date(rs, "value_date"),
        Money.of(Dialect.decimal(rs, "amount"), cur), protector.reveal(id, "description", rs.getString("description")),
        partyColumns ? revealNullable(id, "counterparty", rs.getString("counterparty")) : null,
        partyColumns ? revealNullable(id, "counterpartyAccount", rs.getString("counterparty_account")) : null,
        partyColumns ? revealNullable(id, "memo", rs.getString("memo")) : null,
        protector.reveal(id, "merchant", rs.getString("merchant")), rs.getString("reference"),
        bal == null ? null : Money.of(bal, cur), cat, new Provenance(rs.getString("source"), rs.getLong("line")));
    String src = rs.getString("category_source");
    return new StoredTransaction(t, src == null ? null : CategorySource.valueOf(src), rs.getString("model_version"),
        dialect.instant(rs, "confirmed_at"), rs.getLong("statement_id"));
  }

  @Override
  public long transactionCount() {
    try {
      return db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM txn"); ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
    } catch (SQLException e) {
      throw fail("counting transactions", e);
    }
  }

  @Override
  public int categorize(Map<String, Category> categories, CategorySource source, String modelVersion) {
    Objects.requireNonNull(source, "source");
    if (source == CategorySource.USER) {
      throw new IllegalArgumentException("user categories go through corrections() or confirm()");
    }
    if (source == CategorySource.MODEL && modelVersion == null) {
      throw new IllegalArgumentException("a model category needs the model version");
    }
    List<Map.Entry<String, Category>> entries = new ArrayList<>(new TreeMap<>(categories).entrySet());
    try {
      return db.write(c -> {
        int changed = 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE txn SET category = ?, category_primary = ?,"
            + " category_source = ?, model_version = ? WHERE id = ? AND (category_source IS NULL OR category_source <> 'USER')")) {
          int inBatch = 0;
          for (Map.Entry<String, Category> e : entries) {
            ps.setString(1, e.getValue().code());
            ps.setString(2, e.getValue().primary());
            ps.setString(3, source.name());
            ps.setString(4, source == CategorySource.MODEL ? modelVersion : null);
            ps.setString(5, e.getKey());
            ps.addBatch();
            if (++inBatch == BATCH) {
              changed += sum(ps.executeBatch());
              inBatch = 0;
            }
          }
          if (inBatch > 0) {
            changed += sum(ps.executeBatch());
          }
        }
        return changed;
      });
    } catch (SQLException e) {
      throw fail("categorizing", e);
    }
  }

  private static int sum(int[] counts) {
    return Arrays.stream(counts).filter(n -> n > 0).sum();
  }

  // ---------------------------------------------------------------- user decisions

  @Override
  public CorrectionStore corrections() {
    return corrections;
  }

  private final class Corrections implements CorrectionStore {
    @Override
    public void add(Correction x) {
      Objects.requireNonNull(x, "correction");
      String id = x.transactionId();
      try {
        db.write(c -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO correction (transaction_id, merchant, description,"
              + " amount, currency, booking_date, category, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, protector.protect(id, "correction.merchant", x.merchant()));
            ps.setString(3, protector.protect(id, "correction.description", x.description()));
            dialect.decimal(ps, 4, x.amount().amount());
            ps.setString(5, x.amount().currency().getCurrencyCode());
            dialect.date(ps, 6, x.date());
            ps.setString(7, x.category().code());
            dialect.instant(ps, 8, x.at());
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("UPDATE txn SET category = ?, category_primary = ?,"
              + " category_source = 'USER', model_version = NULL WHERE id = ?")) {
            ps.setString(1, x.category().code());
            ps.setString(2, x.category().primary());
            ps.setString(3, id);
            ps.executeUpdate();
          }
          return null;
        });
      } catch (SQLException e) {
        throw fail("storing a correction", e);
      }
    }

    @Override
    public List<Correction> all() {
      try {
        return db.read(c -> {
          List<Correction> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT transaction_id, merchant, description, amount, currency,"
              + " booking_date, category, corrected_at FROM correction ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString("transaction_id");
              out.add(new Correction(id, protector.reveal(id, "correction.merchant", rs.getString("merchant")),
                  protector.reveal(id, "correction.description", rs.getString("description")),
                  Money.of(Dialect.decimal(rs, "amount"), Currency.getInstance(rs.getString("currency"))),
                  Dialect.date(rs, "booking_date"), Category.of(rs.getString("category")),
                  dialect.instant(rs, "corrected_at")));
            }
          }
          return out;
        });
      } catch (SQLException e) {
        throw fail("reading corrections", e);
      }
    }

    @Override
    public String toString() {
      return "CorrectionStore[" + db.location() + "]";
    }
  }

  @Override
  public boolean confirm(String transactionId, Instant at) {
    try {
      return db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE txn SET category_source = 'USER', confirmed_at = ?"
            + " WHERE id = ? AND category IS NOT NULL")) {
          dialect.instant(ps, 1, at);
          ps.setString(2, transactionId);
          return ps.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw fail("confirming", e);
    }
  }

  // ---------------------------------------------------------------- rules and payees

  @Override
  public void saveRule(RuleRecord r) {
    Objects.requireNonNull(r, "rule");
    try {
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rule (name, category, merchant, description_regex,"
            + " min_amount, max_amount) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
            + " category = excluded.category, merchant = excluded.merchant, description_regex = excluded.description_regex,"
            + " min_amount = excluded.min_amount, max_amount = excluded.max_amount")) {
          ps.setString(1, r.name());
          ps.setString(2, r.category().code());
          ps.setString(3, r.merchant());
          ps.setString(4, r.descriptionRegex());
          dialect.decimal(ps, 5, r.minAmount());
          dialect.decimal(ps, 6, r.maxAmount());
          ps.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw fail("saving rule '" + r.name() + "'", e);
    }
  }

  @Override
  public boolean deleteRule(String name) {
    return update("deleting a rule", "DELETE FROM rule WHERE name = ?", name) > 0;
  }

  private int update(String what, String sql, String param) {
    try {
      return db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, param);
          return ps.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw fail(what, e);
    }
  }

  @Override
  public List<RuleRecord> rules() {
    try {
      return db.read(c -> {
        List<RuleRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, category, merchant, description_regex, min_amount,"
            + " max_amount FROM rule ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new RuleRecord(rs.getString("name"), Category.of(rs.getString("category")), rs.getString("merchant"),
                rs.getString("description_regex"), Dialect.decimal(rs, "min_amount"), Dialect.decimal(rs, "max_amount")));
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("reading rules", e);
    }
  }

  @Override
  public void learnPayee(String merchant, Category category, Instant at) {
    String bidx = protector.blindIndex("merchant", merchant);
    try {
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payee (merchant_bidx, merchant, category, learned_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (merchant_bidx) DO UPDATE SET merchant = excluded.merchant,"
            + " category = excluded.category, learned_at = excluded.learned_at")) {
          ps.setString(1, bidx);
          ps.setString(2, protector.protect("payee:" + bidx, "merchant", merchant));
          ps.setString(3, category.code());
          dialect.instant(ps, 4, at);
          ps.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw fail("learning a payee", e);
    }
  }

  @Override
  public Optional<LearnedPayee> payee(String merchant) {
    return payees("SELECT merchant_bidx, merchant, category, learned_at FROM payee WHERE merchant_bidx = ?",
        protector.blindIndex("merchant", merchant)).stream().findFirst();
  }

  @Override
  public List<LearnedPayee> payees() {
    return payees("SELECT merchant_bidx, merchant, category, learned_at FROM payee ORDER BY merchant_bidx", null);
  }

  @Override
  public void teachPayee(dev.pfms.api.categorize.PayeeMap.Teaching t) {
    Objects.requireNonNull(t, "teaching");
    String bidx = protector.blindIndex("payee.key", t.key());
    try {
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payee_teaching (key_bidx, key_text, payee, source,"
            + " taught_at) VALUES (?, ?, ?, ?, ?)")) {
          ps.setString(1, bidx);
          ps.setString(2, protector.protect("payee-teaching:" + bidx, "payee.key", t.key()));
          ps.setString(3, protector.protect("payee-teaching:" + bidx, "payee.name", t.payee()));
          ps.setString(4, t.source().name());
          dialect.instant(ps, 5, t.at());
          ps.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw fail("keeping a payee name", e);
    }
  }

  @Override
  public List<dev.pfms.api.categorize.PayeeMap.Teaching> payeeTeachings() {
    try {
      return db.read(c -> {
        List<dev.pfms.api.categorize.PayeeMap.Teaching> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key_bidx, key_text, payee, source, taught_at"
            + " FROM payee_teaching ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String rid = "payee-teaching:" + rs.getString("key_bidx");
            out.add(new dev.pfms.api.categorize.PayeeMap.Teaching(
                protector.reveal(rid, "payee.key", rs.getString("key_text")),
                protector.reveal(rid, "payee.name", rs.getString("payee")),
                dev.pfms.api.categorize.PayeeMap.Source.valueOf(rs.getString("source")),
                dialect.instant(rs, "taught_at")));
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("reading payee names", e);
    }
  }

  private List<LearnedPayee> payees(String sql, String param) {
    try {
      return db.read(c -> {
        List<LearnedPayee> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          if (param != null) {
            ps.setString(1, param);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String bidx = rs.getString("merchant_bidx");
              out.add(new LearnedPayee(protector.reveal("payee:" + bidx, "merchant", rs.getString("merchant")),
                  Category.of(rs.getString("category")), dialect.instant(rs, "learned_at")));
            }
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("reading payees", e);
    }
  }

  // ---------------------------------------------------------------- recurring series

  @Override
  public void replaceRecurring(List<SeriesRecord> series) {
    List<SeriesRecord> copy = List.copyOf(series);
    try {
      db.write(c -> {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM recurring_series")) {
          del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recurring_series (account, merchant, cadence,"
            + " expected_amount, currency, last_date, expected_next, stopped, transaction_ids)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (SeriesRecord s : copy) {
            String ids = String.join(",", s.transactionIds());
            String rid = "series:" + ids;
            ps.setString(1, protector.protect(rid, "account", s.account()));
            ps.setString(2, protector.protect(rid, "merchant", s.merchant()));
            ps.setString(3, s.cadence());
            dialect.decimal(ps, 4, s.expectedAmount().amount());
            ps.setString(5, s.expectedAmount().currency().getCurrencyCode());
            dialect.date(ps, 6, s.lastDate());
            dialect.date(ps, 7, s.expectedNext());
            ps.setBoolean(8, s.stopped());
            ps.setString(9, ids);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return null;
      });
    } catch (SQLException e) {
      throw fail("storing recurring series", e);
    }
  }

  @Override
  public List<SeriesRecord> recurring() {
    try {
      return db.read(c -> {
        List<SeriesRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT account, merchant, cadence, expected_amount, currency,"
            + " last_date, expected_next, stopped, transaction_ids FROM recurring_series ORDER BY seq");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String ids = rs.getString("transaction_ids");
            String rid = "series:" + ids;
            out.add(new SeriesRecord(protector.reveal(rid, "account", rs.getString("account")),
                protector.reveal(rid, "merchant", rs.getString("merchant")), rs.getString("cadence"),
                Money.of(Dialect.decimal(rs, "expected_amount"), Currency.getInstance(rs.getString("currency"))),
                Dialect.date(rs, "last_date"), Dialect.date(rs, "expected_next"), rs.getBoolean("stopped"),
                ids.isEmpty() ? List.of() : List.of(ids.split(","))));
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("reading recurring series", e);
    }
  }

  // ---------------------------------------------------------------- transfer decisions

  @Override
  public void decideTransfer(dev.pfms.api.store.TransferDecision d) {
    Objects.requireNonNull(d, "decision");
    try {
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO transfer_decision (out_id, in_id, confirmed,"
            + " decided_at) VALUES (?, ?, ?, ?) ON CONFLICT (out_id, in_id) DO UPDATE SET confirmed = excluded.confirmed,"
            + " decided_at = excluded.decided_at")) {
          ps.setString(1, d.outId());
          ps.setString(2, d.inId());
          ps.setBoolean(3, d.confirmed());
          dialect.instant(ps, 4, d.decidedAt());
          ps.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw fail("recording a transfer decision", e);
    }
  }

  @Override
  public boolean forgetTransferDecision(String outId, String inId) {
    try {
      return db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM transfer_decision WHERE out_id = ? AND in_id = ?")) {
          ps.setString(1, Objects.requireNonNull(outId, "outId"));
          ps.setString(2, Objects.requireNonNull(inId, "inId"));
          return ps.executeUpdate() > 0;
        }
      });
    } catch (SQLException e) {
      throw fail("forgetting a transfer decision", e);
    }
  }

  @Override
  public List<dev.pfms.api.store.TransferDecision> transferDecisions() {
    try {
      return db.read(c -> {
        List<dev.pfms.api.store.TransferDecision> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT out_id, in_id, confirmed, decided_at FROM"
            + " transfer_decision ORDER BY out_id, in_id");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new dev.pfms.api.store.TransferDecision(rs.getString("out_id"), rs.getString("in_id"),
                rs.getBoolean("confirmed"), dialect.instant(rs, "decided_at")));
          }
        }
        return List.copyOf(out);
      });
    } catch (SQLException e) {
      throw fail("reading transfer decisions", e);
    }
  }

  // ---------------------------------------------------------------- anomaly feedback

  @Override
  public void dismissAnomaly(String transactionId, Instant at) {
    try {
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO anomaly_feedback (transaction_id, dismissed_at)"
            + " VALUES (?, ?) ON CONFLICT (transaction_id) DO UPDATE SET dismissed_at = excluded.dismissed_at")) {
          ps.setString(1, Objects.requireNonNull(transactionId, "transactionId"));
          dialect.instant(ps, 2, at);
          ps.executeUpdate();
        }
        return null;
      });
    } catch (SQLException e) {
      throw fail("dismissing an anomaly", e);
    }
  }

  @Override
  public boolean restoreAnomaly(String transactionId) {
    return update("restoring an anomaly", "DELETE FROM anomaly_feedback WHERE transaction_id = ?", transactionId) > 0;
  }

  @Override
  public Set<String> dismissedAnomalies() {
    try {
      return db.read(c -> {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT transaction_id FROM anomaly_feedback ORDER BY transaction_id");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return Set.copyOf(out);
      });
    } catch (SQLException e) {
      throw fail("reading anomaly feedback", e);
    }
  }

  // ---------------------------------------------------------------- model registry

  @Override
  public ModelRecord registerModel(String name, ModelMetadata metadata, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    byte[] copy = bytes.clone();
    String sha = sha256(copy);
    return register(name, metadata, sha, copy, null);
  }

  @Override
  public ModelRecord registerModelReference(String name, ModelMetadata metadata, URI location, String sha256) {
    Objects.requireNonNull(location, "location");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
    return register(name, metadata, sha256, null, location);
  }

  private ModelRecord register(String name, ModelMetadata metadata, String sha, byte[] bytes, URI location) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metadata, "metadata");
    String meta = metadataJson(metadata);
    Instant now = Instant.now();
    try {
      int version = db.write(c -> {
        if (bytes != null) {
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO model_blob (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setString(1, sha);
            ps.setBytes(2, bytes);
            ps.executeUpdate();
          }
        }
        int v;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model WHERE name = ?")) {
          ps.setString(1, name);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            v = rs.getInt(1);
          }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model (name, version, metadata, sha256, size, location,"
            + " registered_at, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, name);
          ps.setInt(2, v);
          ps.setString(3, meta);
          ps.setString(4, sha);
          ps.setLong(5, bytes == null ? -1 : bytes.length);
          ps.setString(6, location == null ? null : location.toString());
          dialect.instant(ps, 7, now);
          ps.setBoolean(8, false);
          ps.executeUpdate();
        }
        return v;
      });
      return model(name, version).orElseThrow();
    } catch (SQLException e) {
      throw fail("registering model '" + name + "'", e);
    }
  }

  @Override
  public ModelRecord promote(String name, int version, Map<String, Double> metrics, Instant at) {
    String m = metricsJson(metrics);
    try {
      boolean found = db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM model WHERE name = ? AND version = ?")) {
          ps.setString(1, name);
          ps.setInt(2, version);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return false;
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE model SET active = ? WHERE name = ? AND active = ?")) {
          ps.setBoolean(1, false);
          ps.setString(2, name);
          ps.setBoolean(3, true);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE model SET active = ?, promoted_at = ?, promotion_metrics = ?"
            + " WHERE name = ? AND version = ?")) {
          ps.setBoolean(1, true);
          dialect.instant(ps, 2, at);
          ps.setString(3, m);
          ps.setString(4, name);
          ps.setInt(5, version);
          ps.executeUpdate();
        }
        return true;
      });
      if (!found) {
        throw new IllegalArgumentException("no model '" + name + "' version " + version + "; registered: "
            + models().stream().filter(r -> r.name().equals(name)).map(ModelRecord::version).toList());
      }
      return model(name, version).orElseThrow();
    } catch (SQLException e) {
      throw fail("promoting model '" + name + "'", e);
    }
  }

  @Override
  public Optional<ModelRecord> activeModel(String name) {
    return models("WHERE name = ? AND active = ?", name, null, true).stream().findFirst();
  }

  @Override
  public Optional<ModelRecord> model(String name, int version) {
    return models("WHERE name = ? AND version = ?", name, version, null).stream().findFirst();
  }

  @Override
  public List<ModelRecord> models() {
    return models("", null, null, null);
  }

  private List<ModelRecord> models(String where, String name, Integer version, Boolean active) {
    try {
      return db.read(c -> {
        List<ModelRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, version, metadata, sha256, size, location,"
            + " registered_at, active, promoted_at, promotion_metrics FROM model " + where + " ORDER BY name, version")) {
          int i = 1;
          if (name != null) {
            ps.setString(i++, name);
          }
          if (version != null) {
            ps.setInt(i++, version);
          }
          if (active != null) {
            ps.setBoolean(i, active);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String loc = rs.getString("location");
              out.add(new ModelRecord(rs.getString("name"), rs.getInt("version"), readMetadata(rs.getString("metadata")),
                  rs.getString("sha256"), rs.getLong("size"), loc == null ? null : URI.create(loc),
                  dialect.instant(rs, "registered_at"), rs.getBoolean("active"), dialect.instant(rs, "promoted_at"),
                  readMetrics(rs.getString("promotion_metrics"))));
            }
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw fail("reading the model registry", e);
    }
  }

  @Override
  public byte[] modelBytes(String name, int version) {
    ModelRecord r = model(name, version)
        .orElseThrow(() -> new IllegalArgumentException("no model '" + name + "' version " + version));
    if (r.location() != null) {
      throw new IllegalArgumentException("model " + r.label() + " is only referenced: its bytes are at " + r.location());
    }
    byte[] bytes;
    try {
      bytes = db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT bytes FROM model_blob WHERE sha256 = ?")) {
          ps.setString(1, r.sha256());
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
          }
        }
      });
    } catch (SQLException e) {
      throw fail("reading model " + r.label(), e);
    }
    if (bytes == null) {
      throw new StoreException("model " + r.label() + ": its bytes are missing from " + db.location());
    }
    if (!sha256(bytes).equals(r.sha256())) {
      throw new StoreException("model " + r.label() + ": the stored bytes do not match their SHA-256 " + r.sha256()
          + " in " + db.location() + "; the database was altered or damaged");
    }
    return bytes;
  }

  /**
   * Lowercase hex SHA-256.
   *
   * @param bytes the bytes
   * @return the digest
   */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String metadataJson(ModelMetadata m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("provider", m.provider());
    n.put("formatVersion", m.formatVersion());
    n.put("trainingHash", m.trainingHash());
    n.put("trainingSize", m.trainingSize());
    m.labels().forEach(n.putArray("labels")::add);
    ObjectNode mm = n.putObject("metrics");
    new TreeMap<>(m.metrics()).forEach(mm::put);
    n.put("createdAt", m.createdAt().toString());
    ObjectNode p = n.putObject("parameters");
    new TreeMap<>(m.parameters()).forEach(p::put);
    return n.toString();
  }

  static ModelMetadata readMetadata(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      List<String> labels = new ArrayList<>();
      n.path("labels").forEach(l -> labels.add(l.asText()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      n.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      Map<String, String> params = new LinkedHashMap<>();
      n.path("parameters").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
      return new ModelMetadata(n.get("provider").asText(), n.get("formatVersion").asInt(), n.get("trainingHash").asText(),
          n.get("trainingSize").asInt(), labels, metrics, Instant.parse(n.get("createdAt").asText()), params);
    } catch (Exception e) {
      throw new StoreException("malformed model metadata in the registry: " + e.getMessage(), e);
    }
  }

  private static String metricsJson(Map<String, Double> metrics) {
    ObjectNode n = JSON.createObjectNode();
    new TreeMap<>(metrics).forEach(n::put);
    return n.toString();
  }

  private static Map<String, Double> readMetrics(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      Map<String, Double> out = new LinkedHashMap<>();
      JSON.readTree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue().asDouble()));
      return out;
    } catch (Exception e) {
      throw new StoreException("malformed promotion metrics in the registry: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- life cycle

  @Override
  public String location() {
    return db.location();
  }

  @Override
  public void close() {
    db.close();
  }

  /** Shows where the store is, and whether fields are encrypted. */
  @Override
  public String toString() {
    return "Store[" + dialect.name().toLowerCase(java.util.Locale.ROOT) + " " + db.location()
        + (protector.encrypts() ? ", fields encrypted" : "") + "]";
  }
}
