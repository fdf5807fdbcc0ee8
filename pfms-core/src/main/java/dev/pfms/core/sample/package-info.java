/**
 * A seeded generator of realistic bank histories with ground truth (categories, recurring series,
 * injected anomalies), used for {@code sample_data/}, evaluations and benchmarks. It writes files
 * only when asked to.
 */
package dev.pfms.core.sample;
