package dev.pfms.benchmarks.store;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.Store;
import dev.pfms.store.PostgresStoreProvider;
import dev.pfms.store.SqliteStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Imports N transactions (default 1,000,000) in statements of 100,000 rows (one database transaction
 * each, batched inserts) into a fresh SQLite file and, when {@code PFMS_PG_URL} is set (see
 * {@code .ci/postgres.sh}), into PostgreSQL; then imports the first statement again (all skipped).
 * Prints rows/s per run. Generation of the rows (ids are SHA-256 content hashes) is not timed.
 *
 * <p>Run: {@code java -cp … dev.pfms.benchmarks.store.StoreImport [rows] [rowsPerStatement]}.
 */
public final class StoreImport {

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
    System.out.printf(Locale.ROOT, "store import: %,d rows in statements of %,d; JDK %s, %d cores%n", rows, per,
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    List<List<Transaction>> statements = generate(rows, per);

    Path dir = Files.createTempDirectory("pfms-store-bench");
    Path file = dir.resolve("bench.db");
    try (Store s = new SqliteStoreProvider().create(ProviderConfig.builder().set(SqliteStoreProvider.PATH, file).build())) {
      run("sqlite (WAL, synchronous=NORMAL)", s, statements);
    }
    System.out.printf(Locale.ROOT, "sqlite file: %,d bytes%n", Files.size(file));
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);

    String url = System.getenv("PFMS_PG_URL");
    if (url == null) {
      System.out.println("postgresql: skipped (PFMS_PG_URL not set; source .ci/postgres.sh)");
      return;
    }
    String schema = "bench_" + System.nanoTime();
    try (var c = java.sql.DriverManager.getConnection(url, System.getenv("PFMS_PG_USER"), System.getenv("PFMS_PG_PASSWORD"));
        var st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    ProviderConfig.Builder b = ProviderConfig.builder().set(PostgresStoreProvider.URL, url + "?currentSchema=" + schema);
    if (System.getenv("PFMS_PG_USER") != null) {
      b.set(PostgresStoreProvider.USER, System.getenv("PFMS_PG_USER"));
    }
    if (System.getenv("PFMS_PG_PASSWORD") != null) {
      b.set(PostgresStoreProvider.PASSWORD, System.getenv("PFMS_PG_PASSWORD"));
    }
    try (Store s = new PostgresStoreProvider().create(b.build())) {
      run("postgresql (HikariCP, reWriteBatchedInserts)", s, statements);
    }
  }

  private static List<List<Transaction>> generate(int rows, int per) {
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

  private static void run(String name, Store store, List<List<Transaction>> statements) {
    long rows = 0;
    long added = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < statements.size(); i++) {
      ImportResult r = store.importStatement("bench-" + i + ".csv", statements.get(i), List.of());
      rows += statements.get(i).size();
      added += r.added();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%-46s %,10d rows %,10d added  %7.2f s  %,9.0f rows/s%n", name + " import", rows, added,
        s, rows / s);
    long t1 = System.nanoTime();
    ImportResult again = store.importStatement("bench-0.csv", statements.get(0), List.of());
    double s2 = (System.nanoTime() - t1) / 1e9;
    System.out.printf(Locale.ROOT, "%-46s %,10d rows %,10d added  %7.2f s  %,9.0f rows/s%n", name + " re-import",
        statements.get(0).size(), again.added(), s2, statements.get(0).size() / s2);
  }
}
