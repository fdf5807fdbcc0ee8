package dev.pfms.store;

import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeEach;

/** Raw-SQL tampering with the PostgreSQL consent ledger is refused (real server; one schema per test). */
class PostgresLedgerTamperTest extends JdbcLedgerTamperTest {

  private final PgSchema pg = new PgSchema();

  @BeforeEach
  void freshSchema() throws Exception {
    pg.create();
  }

  @Override
  ConsentLedgerProvider provider() {
    return new PostgresConsentLedgerProvider();
  }

  @Override
  ProviderConfig.Builder database() {
    return pg.ledgerConfig();
  }

  @Override
  Connection raw() throws Exception {
    return pg.raw();
  }

  @Override
  String[] truncate() {
    return new String[] {"TRUNCATE consent_entry, consent_checkpoint"};
  }
}
