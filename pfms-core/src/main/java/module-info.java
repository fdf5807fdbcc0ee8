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
  exports dev.pfms.core.pipeline;
  exports dev.pfms.core.sample;

  uses dev.pfms.core.spi.IngestorProvider;
  uses dev.pfms.core.spi.CategorizerProvider;
  uses dev.pfms.core.spi.AnomalyDetectorProvider;
  uses dev.pfms.core.spi.ForecasterProvider;
  uses dev.pfms.core.spi.ConsentLedgerProvider;

  provides dev.pfms.core.spi.CategorizerProvider with dev.pfms.core.categorize.RulesCategorizerProvider;
}
