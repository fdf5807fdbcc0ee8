package dev.pfms.examples.cli;

import dev.pfms.api.store.FieldProtector;
import dev.pfms.api.store.Store;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.store.PostgresStoreProvider;
import dev.pfms.store.SqliteStoreProvider;
import dev.pfms.store.Stores;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option every store command shares. */
final class StoreOption {

  /** The default store file when neither {@code --db} nor {@code PFMS_DB} is given. */
  static final String DEFAULT_DB = "pfms.db";

  @Option(names = "--db", paramLabel = "DB", description = "the store: a SQLite file (default: $PFMS_DB, else ./"
      + DEFAULT_DB + ", created when missing) or a jdbc:postgresql: URL (user and password from"
      + " PFMS_DB_USER / PFMS_DB_PASSWORD)")
  String db;

  String location() {
    if (db != null) {
      return db;
    }
    String env = System.getenv("PFMS_DB");
    return env != null && !env.isBlank() ? env : DEFAULT_DB;
  }

  /**
   * Opens the store with the local field keys: its personal fields are encrypted at rest, and a store
   * written with other keys (or in plaintext) is refused with the reason.
   *
   * @param protector the store's field protector (from the local keys)
   * @return the store
   */
  Store open(FieldProtector protector) {
    String where = location();
    if (where.startsWith("jdbc:postgresql:")) {
      ProviderConfig.Builder b = ProviderConfig.builder().set(PostgresStoreProvider.URL, where)
          .set(PostgresStoreProvider.FIELD_PROTECTOR, protector);
      String user = System.getenv("PFMS_DB_USER");
      String pw = System.getenv("PFMS_DB_PASSWORD");
      if (user != null) {
        b.set(PostgresStoreProvider.USER, user);
      }
      if (pw != null) {
        b.set(PostgresStoreProvider.PASSWORD, pw);
      }
      return Stores.open("postgresql", b.build());
    }
    if (where.startsWith("jdbc:")) {
      throw new IllegalArgumentException("--db: only SQLite files and jdbc:postgresql: URLs are supported, not " + where);
    }
    return Stores.open("sqlite", ProviderConfig.builder().set(SqliteStoreProvider.PATH, Path.of(where))
        .set(SqliteStoreProvider.FIELD_PROTECTOR, protector).build());
  }
}
