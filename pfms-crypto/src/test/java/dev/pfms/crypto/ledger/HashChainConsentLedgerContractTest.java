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
    // a password-derived KEK (few iterations: a test) protects the signing key, as by default
    return ProviderConfig.builder().set(HashChainConsentLedgerProvider.PATH, dir.resolve("consent.jsonl"))
        .set(HashChainConsentLedgerProvider.PASSWORD, "contract-test-password")
        .set(HashChainConsentLedgerProvider.KDF_ITERATIONS, 1_000)
        .set(HashChainConsentLedgerProvider.WITNESS_DIR, dir.resolve("witness")).build();
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected boolean tamperWithRevocation(Path dir) throws Exception {
    Path f = dir.resolve("consent.jsonl");
    java.util.List<String> lines = java.nio.file.Files.readAllLines(f);
    lines.set(1, lines.get(1).replace("\"granted\":false", "\"granted\":true"));
    java.nio.file.Files.write(f, lines);
    return true;
  }
}
