package dev.pfms.api.spi;

/** Creates {@link ConsentLedger}s. Register implementations in {@code META-INF/services}. */
public interface ConsentLedgerProvider extends Provider<ConsentLedger> {}
