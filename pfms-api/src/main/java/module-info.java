/**
 * pfms API: what applications and third-party providers compile against — the domain model, the
 * service-provider interfaces, discovery ({@link dev.pfms.api.Pfms}), the exceptions, the pipeline,
 * the consent types and the categorizer base. Implementations live in provider modules
 * ({@code dev.pfms.core}, {@code dev.pfms.ml}, {@code dev.pfms.crypto}, …).
 *
 * <p>The set of SPIs is open: any interface extending {@link dev.pfms.api.spi.Provider} is
 * discovered through {@link java.util.ServiceLoader}; the registry declares the use at run time.
 */
module dev.pfms.api {
  requires transitive org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports dev.pfms.api;
  exports dev.pfms.api.model;
  exports dev.pfms.api.spi;
  exports dev.pfms.api.pipeline;
  exports dev.pfms.api.consent;
  exports dev.pfms.api.categorize;
  exports dev.pfms.api.money;
  exports dev.pfms.api.io;
  exports dev.pfms.api.store;

  uses dev.pfms.api.spi.IngestorProvider;
  uses dev.pfms.api.spi.CategorizerProvider;
  uses dev.pfms.api.spi.AnomalyDetectorProvider;
  uses dev.pfms.api.spi.ForecasterProvider;
  uses dev.pfms.api.spi.ConsentLedgerProvider;
  uses dev.pfms.api.store.StoreProvider;
}
