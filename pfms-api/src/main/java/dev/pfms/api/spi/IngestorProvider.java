package dev.pfms.api.spi;

/** Creates {@link Ingestor}s. Register implementations in {@code META-INF/services}. */
public interface IngestorProvider extends Provider<Ingestor> {}
