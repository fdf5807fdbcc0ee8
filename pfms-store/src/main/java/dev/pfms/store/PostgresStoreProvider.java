package dev.pfms.store;

import dev.pfms.api.store.FieldProtector;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.store.internal.Dialect;
import dev.pfms.store.internal.JdbcStore;
import dev.pfms.store.internal.PostgresConnections;
import java.util.List;

/**
 * {@code postgresql}: the production store on a PostgreSQL server through the official JDBC driver
 * and a HikariCP pool. The schema is migrated on open (Flyway holds an advisory lock meanwhile).
 */
public final class PostgresStoreProvider implements StoreProvider {

  /** The JDBC URL. */
  public static final ConfigKey<String> URL = ConfigKey.ofString("url", null,
      "the JDBC URL, e.g. jdbc:postgresql://localhost:5432/pfms");
  /** The database user. */
  public static final ConfigKey<String> USER = ConfigKey.ofString("user", null, "the database user");
  /** The password (never printed). */
  public static final ConfigKey<String> PASSWORD = ConfigKey.ofString("password", null, "the database password");
  /** The pool size. */
  public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.ofInt("pool-size", 4, 1, 64, "the most pooled connections");
  /** How personal fields are stored. */
  public static final ConfigKey<FieldProtector> FIELD_PROTECTOR = SqliteStoreProvider.FIELD_PROTECTOR;

  /** For {@link java.util.ServiceLoader}. */
  public PostgresStoreProvider() {}

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String description() {
    return "PostgreSQL store through the official driver and a HikariCP pool; needs option 'url'";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(URL, USER, PASSWORD, POOL_SIZE, FIELD_PROTECTOR);
  }

  @Override
  public Store create(ProviderConfig config) {
    return open(config, 0);
  }

  static Store open(ProviderConfig config, int schemaVersion) {
    String url = config.require(URL);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("option 'url' must start with jdbc:postgresql:");
    }
    int pool = config.get(POOL_SIZE);
    PostgresConnections c = PostgresConnections.open(url, config.get(USER), config.get(PASSWORD), pool, schemaVersion);
    return new JdbcStore(c, Dialect.POSTGRESQL, config.get(FIELD_PROTECTOR));
  }
}
