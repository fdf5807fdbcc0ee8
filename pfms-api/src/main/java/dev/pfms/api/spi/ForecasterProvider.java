package dev.pfms.api.spi;

/** Creates {@link Forecaster}s. Register implementations in {@code META-INF/services}. */
public interface ForecasterProvider extends Provider<Forecaster> {}
