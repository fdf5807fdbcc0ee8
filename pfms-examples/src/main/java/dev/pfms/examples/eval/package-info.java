/**
 * Evaluation programs that print measured figures, never asserted by tests:
 * {@link dev.pfms.examples.eval.CategorizationEvaluation} cross-validates any installed categorizer
 * against built-in baselines on the sample data and on real labelled bank data;
 * {@code AnomalyEvaluation}, {@code RecurringEvaluation} and {@code ForecastBacktest} score anomaly
 * detection, recurring series and forecasting against the ground truth of {@code sample_data/}.
 * Programs only: no library code lives here.
 */
package dev.pfms.examples.eval;
