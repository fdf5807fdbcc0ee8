package dev.pfms.core.consent;

import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;

/**
 * The {@code in-memory} consent ledger: hash-chained but <strong>not durable</strong>, for tests and
 * demos only. It takes no options. Durable ledgers (pfms-crypto's {@code hash-chain}) have a higher
 * priority, so {@code Pfms.registry().preferred(ConsentLedgerProvider.class)} never picks this one
 * when a durable ledger is installed.
 */
public final class InMemoryConsentLedgerProvider implements ConsentLedgerProvider {

  /** Creates the provider (cheap, stateless). */
  public InMemoryConsentLedgerProvider() {}

  @Override
  public String name() {
    return "in-memory";
  }

  @Override
  public String description() {
    return "hash-chained consent ledger held in memory; NOT durable, for tests and demos";
  }

  @Override
  public int priority() {
    return -10;
  }

  @Override
  public ConsentLedger create(ProviderConfig config) {
    return new InMemoryConsentLedger();
  }
}
