/**
 * The {@code tfidf-gbm} categorizer provider: {@link dev.pfms.ml.categorize.TfidfGbmProvider}
 * (registered for {@link java.util.ServiceLoader}), the model stage
 * {@link dev.pfms.ml.categorize.TfidfGbmCategorizer} that it puts behind the core {@code rules}
 * stage, confidence calibration, and the saved-model directory format. It wires
 * {@code dev.pfms.ml.text} (stage 1) to {@code dev.pfms.ml.gbm} (stage 2); it does not parse files
 * or know any bank's format.
 */
package dev.pfms.ml.categorize;
