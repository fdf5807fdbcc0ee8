package dev.pfms.crypto.ledger;

import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.ConsentLedgerContract;
import java.nio.file.Path;

/** The hash-chain ledger passes the same ConsentLedger TCK as the in-memory one, as a durable ledger. */
class HashChainConsentLedgerContractTest extends ConsentLedgerContract {

  @Override
  protected ConsentLedgerProvider provider() {
    return new HashChainConsentLedgerProvider();
  }

  @Override
  protected ProviderConfig config(Path dir) {
    return ProviderConfig.builder().set(HashChainConsentLedgerProvider.PATH, dir.resolve("consent.jsonl")).build();
  }

  @Override
  protected boolean durable() {
    return true;
  }
}
