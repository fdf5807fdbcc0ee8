package dev.pfms.store;

import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.ConsentLedgerContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;

/**
 * The PostgreSQL consent ledger passes the ConsentLedger TCK as a durable ledger, on the real server
 * {@code .ci/postgres.sh} starts (skipped without it, except under {@code CI=true}); one schema per test.
 */
class PostgresConsentLedgerContractTest extends ConsentLedgerContract {

  private final PgSchema pg = new PgSchema();

  @BeforeEach
  void freshSchema() throws Exception {
    pg.create();
  }

  @Override
  protected ConsentLedgerProvider provider() {
    return new PostgresConsentLedgerProvider();
  }

  @Override
  protected ProviderConfig config(Path dir) {
    return pg.ledgerConfig().set(PostgresConsentLedgerProvider.SIGNING_KEYSET,
            dir.resolve("keys").resolve("consent-signing.json"))
        .set(PostgresConsentLedgerProvider.LEDGER_PASSWORD, "contract-test-password")
        .set(PostgresConsentLedgerProvider.KDF_ITERATIONS, 1_000).build();
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected boolean tamperWithRevocation(Path dir) throws Exception {
    try (Connection c = pg.raw(); Statement s = c.createStatement()) {
      return s.executeUpdate("UPDATE consent_entry SET granted = true WHERE seq = 1") == 1;
    }
  }
}
