package dev.pfms.store;

import dev.pfms.api.store.FieldProtector;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.store.internal.Dialect;
import dev.pfms.store.internal.JdbcStore;
import dev.pfms.store.internal.SqliteConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code sqlite}: the embedded store in one file through xerial sqlite-jdbc (natives inside the jar),
 * in WAL mode with foreign keys on and a busy timeout, so several processes can share the file.
 * Created and migrated on first open.
 */
public final class SqliteStoreProvider implements StoreProvider {

  /** The database file. */
  public static final ConfigKey<Path> PATH = ConfigKey.ofPath("path", Path.of("pfms.db"), "the SQLite database file");
  /** How long a writer waits for another process's write lock. */
  public static final ConfigKey<Duration> BUSY_TIMEOUT = ConfigKey.ofDuration("busy-timeout", Duration.ofSeconds(30),
      "how long a writer waits for another writer's lock (ISO-8601, e.g. PT30S)");
  /** SQLite's synchronous setting. */
  public static final ConfigKey<String> SYNCHRONOUS = ConfigKey.ofString("synchronous", "NORMAL",
      "NORMAL (a killed process loses nothing committed) or FULL (power loss loses nothing committed either)");
  /** SQLite's page cache for the store's connection. */
  public static final ConfigKey<Integer> CACHE_MIB = ConfigKey.ofInt("cache-mib", 32, 1, 65_536,
      "the most page cache in MiB (allocated as used; a large import into a large file is faster with more)");
  /** How personal fields are stored. */
  public static final ConfigKey<FieldProtector> FIELD_PROTECTOR = ConfigKey.ofObject("field-protector",
      FieldProtector.class, FieldProtector.plaintext(), "field encryption for personal columns (default: none)");

  /** For {@link java.util.ServiceLoader}. */
  public SqliteStoreProvider() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String description() {
    return "embedded SQLite store in one file (WAL, busy timeout, foreign keys); zero set-up";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(PATH, BUSY_TIMEOUT, SYNCHRONOUS, CACHE_MIB, FIELD_PROTECTOR);
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Store create(ProviderConfig config) {
    return open(config, 0);
  }

  /**
   * Opens a store migrated only up to a given schema version: for migration tests.
   *
   * @param config the options
   * @param schemaVersion the version to stop at (0 for the latest)
   * @return the store
   */
  static Store open(ProviderConfig config, int schemaVersion) {
    String sync = config.get(SYNCHRONOUS).toUpperCase(Locale.ROOT);
    if (!sync.equals("NORMAL") && !sync.equals("FULL")) {
      throw new IllegalArgumentException("option 'synchronous': must be NORMAL or FULL, not " + sync);
    }
    Duration busy = config.get(BUSY_TIMEOUT);
    if (busy.isNegative()) {
      throw new IllegalArgumentException("option 'busy-timeout' must not be negative");
    }
    SqliteConnections c = SqliteConnections.open(config.get(PATH), busy, sync, schemaVersion, config.get(CACHE_MIB));
    return new JdbcStore(c, Dialect.SQLITE, config.get(FIELD_PROTECTOR));
  }
}
