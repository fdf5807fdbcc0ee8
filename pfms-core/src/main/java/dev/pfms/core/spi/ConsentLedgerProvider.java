package dev.pfms.core.spi;

/** Creates {@link ConsentLedger}s. Register implementations in {@code META-INF/services}. */
public interface ConsentLedgerProvider extends Provider<ConsentLedger> {}
