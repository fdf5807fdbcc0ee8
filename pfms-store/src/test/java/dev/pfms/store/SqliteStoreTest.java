package dev.pfms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreException;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.StoreContract;
import dev.pfms.tck.StoreFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("pfms.db");
  }

  private ProviderConfig config() {
    return ProviderConfig.builder().set(SqliteStoreProvider.PATH, file()).build();
  }

  @Override
  protected Store createStore() {
    return new SqliteStoreProvider().create(config());
  }

  @Override
  protected Store createStoreAtSchema(int version) {
    return SqliteStoreProvider.open(config(), version);
  }

  @Override
  protected String providerName() {
    return "sqlite";
  }

  @Override
  protected Map<String, String> workerConfig() {
    return Map.of("path", file().toString());
  }

  @Test
  void oneFileInWalModeWithForeignKeysOn() throws Exception {
    open().importStatement("a.csv", StoreFixtures.statement("a.csv", 0, 5), List.of());
    assertThat(file()).isRegularFile();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
    }
  }

  @Test
  void discoveredByServiceLoaderAsTheDefault() {
    try (Store s = Stores.open("sqlite", config())) {
      assertThat(s.location()).isEqualTo(file().toAbsolutePath().toString());
    }
    assertThatThrownBy(() -> Stores.open("mongo", config())).hasMessageContaining("sqlite").hasMessageContaining("postgresql");
    assertThatThrownBy(() -> Stores.open("sqlite", ProviderConfig.of(Map.of("paht", "x"))))
        .hasMessageContaining("paht").hasMessageContaining("path");
  }

  @Test
  void detectsAlteredModelBytes() throws Exception {
    ModelMetadata meta = new ModelMetadata("rules", 1, "00".repeat(32), 1, List.of("A"), Map.of(), Instant.EPOCH, Map.of());
    open().registerModel("categorizer", meta, "good".getBytes(StandardCharsets.UTF_8));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE model_blob SET bytes = X'00'");
    }
    assertThatThrownBy(() -> openAgain().modelBytes("categorizer", 1)).isInstanceOf(StoreException.class)
        .hasMessageContaining("do not match");
  }

  @Test
  void refusesADatabaseANewerPfmsWrote() throws Exception {
    open().transactionCount();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
          + " installed_by, installed_on, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0,"
          + " 'x', '2030-01-01', 0, 1)");
    }
    assertThatThrownBy(this::openAgain).isInstanceOf(StoreException.class).hasMessageContaining("newer");
  }

  @Test
  void aFileThatIsNotADatabaseFailsNamingIt() throws Exception {
    Files.writeString(file(), "not a database, just text ".repeat(100));
    assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining(file().toString());
  }
}
