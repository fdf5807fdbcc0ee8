/**
 * Evaluation programs that print tables: anomaly detection ({@code AnomalyEvaluation}), recurring
 * series ({@code RecurringEvaluation}) and forecasting ({@code ForecastBacktest}) against the ground
 * truth of {@code sample_data/}. They read the sample files through {@link
 * dev.pfms.examples.eval.SampleData}, one small class to be replaced by the {@code csv} ingestor.
 * No library code lives here.
 */
package dev.pfms.examples.eval;
