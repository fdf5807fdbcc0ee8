/**
 * pfms core: the domain model, the five SPIs, discovery, and the providers that need no ML or
 * crypto library.
 */
module dev.pfms.core {
  requires transitive org.slf4j;
  requires org.apache.commons.csv;
  requires com.fasterxml.jackson.databind;

  exports dev.pfms.core;
  exports dev.pfms.core.model;
  exports dev.pfms.core.spi;
  exports dev.pfms.core.categorize;
  exports dev.pfms.core.consent;
  exports dev.pfms.core.pipeline;
  exports dev.pfms.core.sample;
  exports dev.pfms.core.anomaly;
  exports dev.pfms.core.forecast;
  exports dev.pfms.core.recurring;

  uses dev.pfms.core.spi.IngestorProvider;
  uses dev.pfms.core.spi.CategorizerProvider;
  uses dev.pfms.core.spi.AnomalyDetectorProvider;
  uses dev.pfms.core.spi.ForecasterProvider;
  uses dev.pfms.core.spi.ConsentLedgerProvider;

  provides dev.pfms.core.spi.CategorizerProvider with dev.pfms.core.categorize.RulesCategorizerProvider;
  provides dev.pfms.core.spi.ConsentLedgerProvider with dev.pfms.core.consent.InMemoryConsentLedgerProvider;
  provides dev.pfms.core.spi.AnomalyDetectorProvider with dev.pfms.core.anomaly.RobustZScoreProvider;
  provides dev.pfms.core.spi.ForecasterProvider with dev.pfms.core.forecast.SeasonalNaiveProvider,
      dev.pfms.core.forecast.EtsProvider;
}
