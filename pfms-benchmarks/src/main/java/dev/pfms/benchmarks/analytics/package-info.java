/**
 * JMH benchmarks of the analytics hot paths: isolation-forest scoring (compiled arrays, Smile's own
 * scorer, and the whole detector with features and reasons) and ETS fitting with model selection.
 * Fixtures come from the seeded sample generator; nothing here is library code.
 */
package dev.pfms.benchmarks.analytics;
