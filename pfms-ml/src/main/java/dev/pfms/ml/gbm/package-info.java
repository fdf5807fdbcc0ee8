/**
 * Gradient boosting for categorization: {@link dev.pfms.ml.gbm.HistGbmTrainer} (the default) fits
 * Smile's kind of multi-class boosted model with binned (histogram) split finding and compiles it
 * directly; {@link dev.pfms.ml.gbm.GbmTrainer} fits Smile's own {@code GradientTreeBoost} (exact
 * CART) and {@link dev.pfms.ml.gbm.GbmTrainer#fitCompiled} picks between them by
 * {@link dev.pfms.ml.gbm.GbmOptions#splits()} (ADR 0017). {@link dev.pfms.ml.gbm.CompiledEnsemble}
 * holds the trees in flat arrays that score without Smile's {@code DataFrame}/{@code Tuple}
 * machinery, with the same arithmetic (proved identical by the tests), and explain a prediction by
 * per-feature path contributions. Smile types stay inside this package; nothing here knows about
 * transactions or text.
 */
package dev.pfms.ml.gbm;
