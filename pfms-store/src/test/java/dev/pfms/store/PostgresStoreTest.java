package dev.pfms.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.Store;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.StoreContract;
import dev.pfms.tck.StoreFixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL server: the one {@code .ci/postgres.sh} starts, found
 * through {@code PFMS_PG_URL}/{@code PFMS_PG_USER}/{@code PFMS_PG_PASSWORD} (environment or the
 * {@code pfms.pg.*} system properties). Without it the tests skip, except under {@code CI=true},
 * where they fail. Each test gets its own schema.
 */
class PostgresStoreTest extends StoreContract {

  private String schema;

  static String setting(String env, String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank() || v.startsWith("${")) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v;
  }

  static String url() {
    String url = setting("PFMS_PG_URL", "pfms.pg.url");
    if (url == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but PFMS_PG_URL is not set: .ci/postgres.sh did not start PostgreSQL");
      }
      Assumptions.abort("PostgreSQL store tests skipped: PFMS_PG_URL is not set (source .ci/postgres.sh to start a "
          + "private cluster)");
    }
    return url;
  }

  @BeforeEach
  void freshSchema() throws Exception {
    String url = url();
    schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(url, setting("PFMS_PG_USER", "pfms.pg.user"),
        setting("PFMS_PG_PASSWORD", "pfms.pg.password")); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  private String schemaUrl() {
    return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private ProviderConfig config(int pool) {
    ProviderConfig.Builder b = ProviderConfig.builder().set(PostgresStoreProvider.URL, schemaUrl())
        .set(PostgresStoreProvider.POOL_SIZE, pool);
    String user = setting("PFMS_PG_USER", "pfms.pg.user");
    String pw = setting("PFMS_PG_PASSWORD", "pfms.pg.password");
    if (user != null) {
      b.set(PostgresStoreProvider.USER, user);
    }
    if (pw != null) {
      b.set(PostgresStoreProvider.PASSWORD, pw);
    }
    return b.build();
  }

  @Override
  protected Store createStore() {
    return new PostgresStoreProvider().create(config(2));
  }

  @Override
  protected Store createStoreAtSchema(int version) {
    return PostgresStoreProvider.open(config(1), version);
  }

  @Override
  protected String providerName() {
    return "postgresql";
  }

  @Override
  protected Map<String, String> workerConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("url", schemaUrl());
    String user = setting("PFMS_PG_USER", "pfms.pg.user");
    String pw = setting("PFMS_PG_PASSWORD", "pfms.pg.password");
    if (user != null) {
      m.put("user", user);
    }
    if (pw != null) {
      m.put("password", pw);
    }
    return m;
  }

  @Test
  void severalConnectionsImportingOverlappingStatementsAddEachRowOnce() throws Exception {
    try (Store store = new PostgresStoreProvider().create(config(4))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<ImportResult>> results = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          long from = w * 500L;
          results.add(pool.submit(() -> store.importStatement("w" + from, StoreFixtures.statement("w", from, from + 1500),
              List.of())));
        }
        long added = 0;
        for (Future<ImportResult> f : results) {
          added += f.get().added();
        }
        assertThat(added).isEqualTo(3000);
        assertThat(store.transactionCount()).isEqualTo(3000);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
