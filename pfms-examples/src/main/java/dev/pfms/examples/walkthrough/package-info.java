/**
 * Small runnable programs that show the pfms API end to end, meant to be read and copied:
 * {@link dev.pfms.examples.walkthrough.CategorizeAndCorrect} (ingest, categorize, correct, retrain),
 * {@link dev.pfms.examples.walkthrough.AnomaliesWithReasons},
 * {@link dev.pfms.examples.walkthrough.CashFlowForecast} and
 * {@link dev.pfms.examples.walkthrough.ConsentAndEncryption} (consent ledger, field encryption,
 * crypto-shredding). Each takes a bank export (default {@code sample_data/transactions.csv}) and uses
 * only public API: {@code Pfms}, the SPIs, the model and pfms-crypto's public classes. Nothing here may
 * reach into a provider's internals or be used by other code: these are documentation.
 */
package dev.pfms.examples.walkthrough;
