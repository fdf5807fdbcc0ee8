package dev.pfms.store;

import dev.pfms.api.spi.ProviderConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** A fresh schema on the test PostgreSQL server (see {@link PostgresStoreTest#url()}), and raw connections to it. */
final class PgSchema {

  private String schema;

  void create() throws Exception {
    String url = PostgresStoreTest.url();
    schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  private static String user() {
    return PostgresStoreTest.setting("PFMS_PG_USER", "pfms.pg.user");
  }

  private static String password() {
    return PostgresStoreTest.setting("PFMS_PG_PASSWORD", "pfms.pg.password");
  }

  String url() {
    String url = PostgresStoreTest.url();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A raw connection in the schema: what an attacker with database access has. */
  Connection raw() throws Exception {
    return DriverManager.getConnection(url(), user(), password());
  }

  ProviderConfig.Builder ledgerConfig() {
    ProviderConfig.Builder b = ProviderConfig.builder().set(PostgresConsentLedgerProvider.URL, url());
    if (user() != null) {
      b.set(PostgresConsentLedgerProvider.USER, user());
    }
    if (password() != null) {
      b.set(PostgresConsentLedgerProvider.PASSWORD, password());
    }
    return b;
  }
}
