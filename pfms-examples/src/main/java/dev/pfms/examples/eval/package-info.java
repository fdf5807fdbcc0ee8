/**
 * Evaluation programs that print measured figures: {@link
 * dev.pfms.examples.eval.CategorizationEvaluation} cross-validates any installed categorizer against
 * built-in baselines on the sample data and on real labelled bank data. Programs only: no library
 * code lives here, and nothing here is asserted by tests.
 */
package dev.pfms.examples.eval;
