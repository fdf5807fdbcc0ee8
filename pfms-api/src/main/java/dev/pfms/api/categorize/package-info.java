/**
 * The base every categorizer shares, whoever wrote it: the
 * {@link dev.pfms.api.categorize.CorrectionStore} that keeps every user correction,
 * {@link dev.pfms.api.categorize.CascadeCategorizer}, which puts rules in front of any model, and
 * {@link dev.pfms.api.categorize.TrainingData}. Providers (rules in pfms-core, models in pfms-ml)
 * depend on this package, never the reverse; nothing here depends on an ML library.
 */
package dev.pfms.api.categorize;
