package dev.pfms.benchmarks.store;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.Store;
import dev.pfms.store.PostgresStoreProvider;
import dev.pfms.store.SqliteStoreProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Imports N transactions (default 1,000,000) in statements of 100,000 rows (one database transaction
 * each, batched inserts) into a fresh SQLite file and, when {@code PFMS_PG_URL} is set (see
 * {@code .ci/postgres.sh}), into PostgreSQL; then imports the first statement again (all skipped).
 * As the reference, the same rows go into the same schema by a plain JDBC batch insert (one
 * prepared statement, batches of 2,000, one transaction per statement, no validation, no conflict
 * handling, no field protector) in the same run, and the ratio is printed: what pfms's import costs
 * over the database's own speed on this machine at this moment. Prints the CPU model ({@code lscpu}),
 * cores, JDK and the load average before and after (the machine may be shared). Generation of the
 * rows (ids are SHA-256 content hashes) is not timed.
 *
 * <p>Run: {@code java -cp … dev.pfms.benchmarks.store.StoreImport [rows] [rowsPerStatement]}.
 */
public final class StoreImport {

  private static final int BATCH = 2000;

  private StoreImport() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional row count and rows per statement
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int per = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    System.out.printf(Locale.ROOT, "store import: %,d rows in statements of %,d%n", rows, per);
    System.out.printf(Locale.ROOT, "machine: %s; %d cores available to the JVM; JDK %s (%s); load average %s%n",
        cpuModel(), Runtime.getRuntime().availableProcessors(), Runtime.version(), System.getProperty("java.vendor"),
        loadAverage());
    List<List<Transaction>> statements = generate(rows, per);

    Path dir = Files.createTempDirectory("pfms-store-bench");
    double pfms = 0;
    for (int cache : new int[] {32, 512}) {
      Path file = dir.resolve("bench-" + cache + ".db");
      try (Store s = new SqliteStoreProvider().create(ProviderConfig.builder().set(SqliteStoreProvider.PATH, file)
          .set(SqliteStoreProvider.CACHE_MIB, cache).build())) {
        double r = run("sqlite (WAL, synchronous=NORMAL, cache " + cache + " MiB)", s, statements);
        pfms = cache == 32 ? r : pfms;
      }
      System.out.printf(Locale.ROOT, "sqlite file: %,d bytes%n", Files.size(file));
      Files.delete(file);
    }
    for (boolean sorted : new boolean[] {false, true}) {
      Path plainFile = dir.resolve("plain-" + sorted + ".db");
      new SqliteStoreProvider().create(ProviderConfig.builder().set(SqliteStoreProvider.PATH, plainFile).build()).close();
      double plain;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plainFile)) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA journal_mode=WAL");
          st.execute("PRAGMA synchronous=NORMAL");
          st.execute("PRAGMA cache_size=-32768");
          st.execute("PRAGMA temp_store=MEMORY");
          st.execute("PRAGMA foreign_keys=ON");
        }
        plain = plainJdbc("sqlite plain JDBC batch insert" + (sorted ? ", rows sorted by id" : "") + " (reference)", c,
            true, sorted ? sortedById(statements) : statements);
      }
      System.out.printf(Locale.ROOT, "sqlite: pfms import rows/s / plain JDBC%s rows/s = %.2f (same cache, same"
          + " schema; above 1 = pfms faster)%n", sorted ? " sorted" : "", pfms / plain);
      Files.delete(plainFile);
    }
    deleteTree(dir);

    String url = System.getenv("PFMS_PG_URL");
    if (url == null) {
      System.out.println("postgresql: skipped (PFMS_PG_URL not set; source .ci/postgres.sh)");
      System.out.println("load average after: " + loadAverage());
      return;
    }
    String user = System.getenv("PFMS_PG_USER");
    String pw = System.getenv("PFMS_PG_PASSWORD");
    String schema = "bench_" + System.nanoTime();
    String plainSchema = schema + "_plain";
    try (var c = DriverManager.getConnection(url, user, pw); var st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
      st.execute("CREATE SCHEMA " + plainSchema);
    }
    double pgPfms;
    try (Store s = new PostgresStoreProvider().create(pg(url + "?currentSchema=" + schema, user, pw))) {
      pgPfms = run("postgresql (HikariCP, reWriteBatchedInserts)", s, statements);
    }
    new PostgresStoreProvider().create(pg(url + "?currentSchema=" + plainSchema, user, pw)).close();
    double pgPlain;
    try (Connection c = DriverManager.getConnection(url + "?currentSchema=" + plainSchema + "&reWriteBatchedInserts=true",
        user, pw)) {
      pgPlain = plainJdbc("postgresql plain JDBC batch insert (reference)", c, false, statements);
    }
    System.out.printf(Locale.ROOT, "postgresql: pfms import rows/s / plain JDBC rows/s = %.2f%n", pgPfms / pgPlain);
    try (var c = DriverManager.getConnection(url, user, pw); var st = c.createStatement()) {
      st.execute("DROP SCHEMA " + schema + " CASCADE");
      st.execute("DROP SCHEMA " + plainSchema + " CASCADE");
    }
    System.out.println("load average after: " + loadAverage());
  }

  private static ProviderConfig pg(String url, String user, String pw) {
    ProviderConfig.Builder b = ProviderConfig.builder().set(PostgresStoreProvider.URL, url);
    if (user != null) {
      b.set(PostgresStoreProvider.USER, user);
    }
    if (pw != null) {
      b.set(PostgresStoreProvider.PASSWORD, pw);
    }
    return b.build();
  }

  static List<List<Transaction>> generate(int rows, int per) {
    List<List<Transaction>> out = new ArrayList<>();
    List<Transaction> cur = new ArrayList<>(per);
    LocalDate start = LocalDate.of(2015, 1, 1);
    for (int i = 0; i < rows; i++) {
      String cents = String.format(Locale.ROOT, "%02d", i % 100);
      cur.add(Transaction.builder().account("GB29 NWBK 6016 1331 " + (i % 4))
          .bookingDate(start.plusDays(i / 300)).amount(Money.of("-" + (i % 997) + "." + cents, "GBP"))
          .description("CARD PAYMENT TO MERCHANT " + (i % 5000) + " REF " + i).reference(i % 3 == 0 ? "R" + i : null)
          .provenance(new Provenance("bench-" + out.size() + ".csv", cur.size() + 2L)).build());
      if (cur.size() == per) {
        out.add(cur);
        cur = new ArrayList<>(per);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  /** @return rows/s of the import */
  private static double run(String name, Store store, List<List<Transaction>> statements) {
    long rows = 0;
    long added = 0;
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    for (int i = 0; i < statements.size(); i++) {
      ImportResult r = store.importStatement("bench-" + i + ".csv", statements.get(i), List.of());
      rows += statements.get(i).size();
      added += r.added();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    System.out.printf(Locale.ROOT, "%-62s %,10d rows %,10d added  %7.2f s  %,9.0f rows/s  (%,.0f rows per CPU-second"
        + " of the importing thread)%n", name + " import", rows, added, s, rows / s, rows / cpu);
    long t1 = System.nanoTime();
    ImportResult again = store.importStatement("bench-0.csv", statements.get(0), List.of());
    double s2 = (System.nanoTime() - t1) / 1e9;
    System.out.printf(Locale.ROOT, "%-62s %,10d rows %,10d added  %7.2f s  %,9.0f rows/s%n", name + " re-import",
        statements.get(0).size(), again.added(), s2, statements.get(0).size() / s2);
    return rows / s;
  }

  /**
   * The reference: the same rows and columns into the same (migrated) schema, plain batched inserts.
   *
   * @return rows/s
   */
  private static double plainJdbc(String name, Connection c, boolean sqlite, List<List<Transaction>> statements)
      throws Exception {
    c.setAutoCommit(false);
    long rows = 0;
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    for (int i = 0; i < statements.size(); i++) {
      long statementId;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO statement (source, imported_at, added, skipped,"
          + " rejected) VALUES (?, ?, 0, 0, 0)" + (sqlite ? "" : " RETURNING id"), sqlite
          ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS)) {
        ps.setString(1, "bench-" + i + ".csv");
        if (sqlite) {
          ps.setString(2, Instant.now().toString());
          ps.executeUpdate();
          try (ResultSet rs = ps.getGeneratedKeys()) {
            rs.next();
            statementId = rs.getLong(1);
          }
        } else {
          ps.setObject(2, java.time.OffsetDateTime.now());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            statementId = rs.getLong(1);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO txn (id, statement_id, account, account_bidx,"
          + " booking_date, value_date, amount, currency, description, merchant, merchant_bidx, reference, balance,"
          + " category, category_primary, category_source, model_version, source, line)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int n = 0;
        for (Transaction t : statements.get(i)) {
          ps.setString(1, t.id());
          ps.setLong(2, statementId);
          ps.setString(3, t.account());
          ps.setString(4, t.account());
          if (sqlite) {
            ps.setString(5, t.bookingDate().toString());
            ps.setNull(6, Types.VARCHAR);
            ps.setString(7, t.amount().amount().toPlainString());
          } else {
            ps.setObject(5, t.bookingDate());
            ps.setNull(6, Types.DATE);
            ps.setBigDecimal(7, t.amount().amount());
          }
          ps.setString(8, t.amount().currency().getCurrencyCode());
          ps.setString(9, t.description());
          ps.setString(10, t.merchant());
          ps.setString(11, t.merchant());
          ps.setString(12, t.reference());
          ps.setNull(13, sqlite ? Types.VARCHAR : Types.NUMERIC);
          ps.setNull(14, Types.VARCHAR);
          ps.setNull(15, Types.VARCHAR);
          ps.setNull(16, Types.VARCHAR);
          ps.setNull(17, Types.VARCHAR);
          ps.setString(18, t.provenance().source());
          ps.setLong(19, t.provenance().line());
          ps.addBatch();
          if (++n % BATCH == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      rows += statements.get(i).size();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    System.out.printf(Locale.ROOT, "%-62s %,10d rows %,10d added  %7.2f s  %,9.0f rows/s  (%,.0f rows per CPU-second"
        + " of the importing thread)%n", name, rows, rows, s, rows / s, rows / cpu);
    return rows / s;
  }

  private static List<List<Transaction>> sortedById(List<List<Transaction>> statements) {
    List<List<Transaction>> out = new ArrayList<>();
    for (List<Transaction> st : statements) {
      List<Transaction> copy = new ArrayList<>(st);
      copy.sort(java.util.Comparator.comparing(Transaction::id));
      out.add(copy);
    }
    return out;
  }

  private static long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static String cpuModel() {
    try {
      Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("Model name:")) {
            return line.substring("Model name:".length()).trim();
          }
        }
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return System.getProperty("os.arch") + " (lscpu unavailable)";
  }

  private static String loadAverage() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }
}
