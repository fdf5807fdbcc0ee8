package dev.pfms.api.spi;

/** Creates {@link AnomalyDetector}s. Register implementations in {@code META-INF/services}. */
public interface AnomalyDetectorProvider extends Provider<AnomalyDetector> {}
