/**
 * The pfms technology compatibility kit: one abstract JUnit 5 contract per SPI
 * ({@link dev.pfms.tck.IngestorContract}, {@link dev.pfms.tck.CategorizerContract},
 * {@link dev.pfms.tck.AnomalyDetectorContract}, {@link dev.pfms.tck.ForecasterContract},
 * {@link dev.pfms.tck.ConsentLedgerContract}) and the fixtures they share. Published as the
 * {@code pfms-core} test-jar; third-party providers extend the contracts in their own tests.
 */
package dev.pfms.tck;
