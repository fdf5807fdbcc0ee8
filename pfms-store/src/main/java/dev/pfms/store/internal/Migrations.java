package dev.pfms.store.internal;

import dev.pfms.api.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings a database to the current schema with Flyway, and refuses one a newer pfms wrote. */
public final class Migrations {

  /** The newest schema version this pfms knows (the highest {@code V<n>__} migration). */
  public static final int LATEST = 7;

  private Migrations() {}

  /**
   * The schema version a database is at, from Flyway's history table.
   *
   * @param c a connection
   * @return the version, 0 for an empty database
   * @throws SQLException when the database fails
   */
  public static int currentVersion(Connection c) throws SQLException {
    try (ResultSet t = c.getMetaData().getTables(null, c.getSchema(), "flyway_schema_history", null)) {
      if (!t.next()) {
        return 0;
      }
    }
    int max = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM flyway_schema_history WHERE success = ?")) {
      ps.setBoolean(1, true);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String v = rs.getString(1);
          if (v != null && v.matches("\\d+")) {
            max = Math.max(max, Integer.parseInt(v));
          }
        }
      }
    }
    return max;
  }

  /**
   * Migrates to {@code target} (or the latest when {@code target} is 0).
   *
   * @param ds where
   * @param dialect which migration set
   * @param target the version to stop at, or 0 for the latest
   * @param location the store's location, for messages
   */
  public static void migrate(DataSource ds, Dialect dialect, int target, String location) {
    migrate(Flyway.configure(Migrations.class.getClassLoader()).dataSource(ds), dialect, target, location);
  }

  /**
   * Migrates through Flyway's own connections (a pool of one could not lend Flyway the two it needs).
   *
   * @param url the JDBC URL
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}
   * @param dialect which migration set
   * @param target the version to stop at, or 0 for the latest
   * @param location the store's location, for messages
   */
  public static void migrate(String url, String user, String password, Dialect dialect, int target, String location) {
    migrate(Flyway.configure(Migrations.class.getClassLoader()).dataSource(url, user, password), dialect, target, location);
  }

  private static void migrate(FluentConfiguration base, Dialect dialect, int target, String location) {
    try {
      var conf = base.locations(dialect.migrations());
      if (target > 0) {
        conf = conf.target(Integer.toString(target));
      }
      Flyway flyway = conf.load();
      for (MigrationInfo m : flyway.info().all()) {
        if (m.getState().name().startsWith("FUTURE")) {
          throw new StoreException(location + " has schema version " + m.getVersion() + ", newer than this pfms knows ("
              + LATEST + "); use the pfms that wrote it or a newer one");
        }
      }
      flyway.migrate();
    } catch (FlywayException e) {
      throw new StoreException("migrating " + location + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Fails when the database was written by a newer pfms.
   *
   * @param version the database's schema version
   * @param location the store's location, for messages
   */
  static void checkNotNewer(int version, String location) {
    if (version > LATEST) {
      throw new StoreException(location + " has schema version " + version + ", newer than this pfms knows ("
          + LATEST + "); use the pfms that wrote it or a newer one");
    }
  }
}
