package dev.pfms.store;

import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.ConsentLedgerContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** The SQLite consent ledger passes the ConsentLedger TCK as a durable ledger, its key under a password KEK. */
class SqliteConsentLedgerContractTest extends ConsentLedgerContract {

  @Override
  protected ConsentLedgerProvider provider() {
    return new SqliteConsentLedgerProvider();
  }

  @Override
  protected ProviderConfig config(Path dir) {
    return ProviderConfig.builder().set(SqliteConsentLedgerProvider.PATH, dir.resolve("pfms.db"))
        .set(SqliteConsentLedgerProvider.SIGNING_KEYSET, dir.resolve("keys").resolve("consent-signing.json"))
        .set(SqliteConsentLedgerProvider.LEDGER_PASSWORD, "contract-test-password")
        .set(SqliteConsentLedgerProvider.KDF_ITERATIONS, 1_000).build();
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected boolean tamperWithRevocation(Path dir) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("pfms.db"));
        Statement s = c.createStatement()) {
      return s.executeUpdate("UPDATE consent_entry SET granted = 1 WHERE seq = 1") == 1;
    }
  }
}
