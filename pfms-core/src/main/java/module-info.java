/**
 * pfms core: the domain model, the five SPIs, discovery, and the providers that need no ML or
 * crypto library.
 */
module dev.pfms.core {
  requires transitive org.slf4j;
  requires org.apache.commons.csv;
  requires com.fasterxml.jackson.databind;
  requires java.xml;

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
  exports dev.pfms.core.ingest;
  exports dev.pfms.core.ingest.csv;
  exports dev.pfms.core.ingest.ofx;
  exports dev.pfms.core.ingest.qif;
  exports dev.pfms.core.ingest.camt;
  exports dev.pfms.core.ingest.mt940;

  // CsvProfile is a record Jackson reads and writes.
  opens dev.pfms.core.ingest.csv to com.fasterxml.jackson.databind;

  uses dev.pfms.core.spi.IngestorProvider;
  uses dev.pfms.core.spi.CategorizerProvider;
  uses dev.pfms.core.spi.AnomalyDetectorProvider;
  uses dev.pfms.core.spi.ForecasterProvider;
  uses dev.pfms.core.spi.ConsentLedgerProvider;

  provides dev.pfms.core.spi.IngestorProvider with dev.pfms.core.ingest.csv.CsvIngestorProvider,
      dev.pfms.core.ingest.ofx.OfxIngestorProvider, dev.pfms.core.ingest.qif.QifIngestorProvider,
      dev.pfms.core.ingest.camt.Camt053IngestorProvider, dev.pfms.core.ingest.mt940.Mt940IngestorProvider;
  provides dev.pfms.core.spi.CategorizerProvider with dev.pfms.core.categorize.RulesCategorizerProvider;
  provides dev.pfms.core.spi.ConsentLedgerProvider with dev.pfms.core.consent.InMemoryConsentLedgerProvider;
  provides dev.pfms.core.spi.AnomalyDetectorProvider with dev.pfms.core.anomaly.RobustZScoreProvider;
  provides dev.pfms.core.spi.ForecasterProvider with dev.pfms.core.forecast.SeasonalNaiveProvider,
      dev.pfms.core.forecast.EtsProvider;
}
