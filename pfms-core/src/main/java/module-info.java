/**
 * pfms core: the built-in providers that need no ML or crypto library (ingestors, rules,
 * robust-zscore, ets, seasonal-naive, the in-memory consent ledger), recurring-payment detection
 * and the sample-data generator. It implements {@code dev.pfms.api}.
 */
module dev.pfms.core {
  requires transitive dev.pfms.api;
  requires org.slf4j;
  requires org.apache.commons.csv;
  requires com.fasterxml.jackson.databind;
  requires java.xml;

  // What applications call directly: sample data, recurring payments, forecast backtests.
  // Providers are reached through ServiceLoader (dev.pfms.api.Pfms), so their packages stay closed.
  exports dev.pfms.core.sample;
  exports dev.pfms.core.recurring;
  exports dev.pfms.core.forecast;
  exports dev.pfms.core.transfer;
  // Shared with the ML providers only (feature engineering, the rules stage of a cascade).
  exports dev.pfms.core.anomaly to dev.pfms.ml;
  exports dev.pfms.core.categorize to dev.pfms.ml;

  // CsvProfile is a record Jackson reads and writes.
  opens dev.pfms.core.ingest.csv to com.fasterxml.jackson.databind;

  provides dev.pfms.api.spi.IngestorProvider with dev.pfms.core.ingest.csv.CsvIngestorProvider,
      dev.pfms.core.ingest.ofx.OfxIngestorProvider, dev.pfms.core.ingest.qif.QifIngestorProvider,
      dev.pfms.core.ingest.camt.Camt053IngestorProvider, dev.pfms.core.ingest.mt940.Mt940IngestorProvider;
  provides dev.pfms.api.spi.CategorizerProvider with dev.pfms.core.categorize.RulesCategorizerProvider;
  provides dev.pfms.api.spi.ConsentLedgerProvider with dev.pfms.core.consent.InMemoryConsentLedgerProvider;
  provides dev.pfms.api.spi.AnomalyDetectorProvider with dev.pfms.core.anomaly.RobustZScoreProvider;
  provides dev.pfms.api.spi.ForecasterProvider with dev.pfms.core.forecast.SeasonalNaiveProvider,
      dev.pfms.core.forecast.EtsProvider;
}
