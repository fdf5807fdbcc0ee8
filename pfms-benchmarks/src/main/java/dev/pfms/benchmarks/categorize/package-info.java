/**
 * JMH benchmarks for categorization scoring: Smile's own {@code predict} against the compiled
 * flat-array ensemble on the same trained model, and end-to-end {@code tfidf-gbm} categorization
 * (text normalization, TF-IDF, trees, calibration, explanation), one transaction at a time and in
 * batches. Fixtures are built from the seeded sample generator; nothing here is library code.
 */
package dev.pfms.benchmarks.categorize;
