package dev.pfms.store;

import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.sql.Connection;
import java.sql.DriverManager;

/** Raw-SQL tampering with the SQLite consent ledger is refused. */
class SqliteLedgerTamperTest extends JdbcLedgerTamperTest {

  @Override
  ConsentLedgerProvider provider() {
    return new SqliteConsentLedgerProvider();
  }

  @Override
  ProviderConfig.Builder database() {
    return ProviderConfig.builder().set(SqliteConsentLedgerProvider.PATH, dir.resolve("pfms.db"));
  }

  @Override
  Connection raw() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("pfms.db"));
  }
}
