/**
 * The pfms technology compatibility kit: one abstract JUnit 5 contract per SPI
 * ({@link dev.pfms.tck.IngestorContract}, {@link dev.pfms.tck.CategorizerContract},
 * {@link dev.pfms.tck.AnomalyDetectorContract}, {@link dev.pfms.tck.ForecasterContract},
 * {@link dev.pfms.tck.ConsentLedgerContract}) and the fixtures they share. Published as
 * {@code dev.pfms:pfms-tck}; every provider's tests (pfms's own and third parties') extend the
 * contracts. Contracts depend on {@code pfms-api} only, never on an implementation.
 */
package dev.pfms.tck;
