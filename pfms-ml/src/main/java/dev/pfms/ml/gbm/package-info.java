/**
 * Gradient boosting for categorization: {@link dev.pfms.ml.gbm.GbmTrainer} fits Smile's
 * multi-class {@code GradientTreeBoost} on dense features, and
 * {@link dev.pfms.ml.gbm.CompiledEnsemble} copies the fitted trees into flat arrays that score
 * without Smile's {@code DataFrame}/{@code Tuple} machinery, with the same arithmetic (proved
 * identical by the tests), and explain a prediction by per-feature path contributions. Smile types
 * stay inside this package; nothing here knows about transactions or text.
 */
package dev.pfms.ml.gbm;
