/**
 * The {@code tfidf-gbm} categorizer provider: {@link dev.pfms.ml.categorize.TfidfGbmProvider}
 * (registered for {@link java.util.ServiceLoader}), which gives the shared
 * {@link dev.pfms.api.categorize.ModelCategorizer} a trainer of TF-IDF + gradient-boosted models;
 * confidence calibration, and the model file format. It wires {@code dev.pfms.ml.text} (stage 1) to
 * {@code dev.pfms.ml.gbm} (stage 2); it does not parse files or know any bank's format, and keeps no
 * corrections or training sets of its own.
 */
package dev.pfms.ml.categorize;
