/**
 * The categorizer base every categorizer shares, whoever wrote it. A provider supplies a
 * {@link dev.pfms.api.categorize.CategorizerTrainer} that fits and loads an immutable
 * {@link dev.pfms.api.categorize.CategorizerModel}; {@link dev.pfms.api.categorize.ModelCategorizer}
 * does the rest: {@link dev.pfms.api.categorize.UserRules} first, corrections (kept one way, in a
 * {@link dev.pfms.api.categorize.CorrectionStore}) applied at once and included in every training
 * ({@link dev.pfms.api.categorize.TrainingData}), learned payees applied before the model
 * ({@link dev.pfms.api.categorize.PayeeMap}), retraining, the atomic model swap, and atomic,
 * checksummed saving and bounded loading. {@link dev.pfms.api.categorize.CascadeCategorizer} chains
 * whole categorizers. Providers (rules in pfms-core, models in pfms-ml, third parties) depend on this
 * package, never the reverse; nothing here depends on an ML library.
 */
package dev.pfms.api.categorize;
