package dev.pfms.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pfms.api.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A HikariCP pool over the official PostgreSQL driver. A write transaction that PostgreSQL aborts
 * as a deadlock victim or serialization failure is retried (a few times) on a fresh transaction.
 */
public final class PostgresConnections implements Connections {

  private static final int RETRIES = 5;

  private final HikariDataSource pool;
  private final String location;

  private PostgresConnections(HikariDataSource pool, String location) {
    this.pool = pool;
    this.location = location;
  }

  /**
   * Opens a pool and migrates the database.
   *
   * @param url the JDBC URL ({@code jdbc:postgresql://host:port/db})
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}
   * @param poolSize the most connections
   * @param target the schema version to migrate to, 0 for the latest
   * @return the connections
   */
  public static PostgresConnections open(String url, String user, String password, int poolSize, int target) {
    String location = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(1, poolSize));
    hc.setPoolName("pfms-store");
    hc.setInitializationFailTimeout(10_000);
    hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + location + ": " + e.getMessage(), e);
    }
    try {
      int version;
      try (Connection c = ds.getConnection()) {
        version = Migrations.currentVersion(c);
      }
      Migrations.checkNotNewer(version, location);
      if (version < (target > 0 ? target : Migrations.LATEST)) {
        Migrations.migrate(url, user, password, Dialect.POSTGRESQL, target, location); // Flyway takes an advisory lock
      }
      return new PostgresConnections(ds, location);
    } catch (SQLException | RuntimeException e) {
      ds.close();
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open PostgreSQL store " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(Work<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException e) {
          c.rollback();
          String state = e.getSQLState();
          if (attempt < RETRIES && ("40001".equals(state) || "40P01".equals(state))) {
            continue;
          }
          throw e;
        } catch (RuntimeException | Error e) {
          c.rollback();
          throw e;
        }
      }
    }
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    pool.close();
  }
}
