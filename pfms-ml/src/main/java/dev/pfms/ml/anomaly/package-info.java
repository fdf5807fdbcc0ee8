/**
 * The {@code isolation-forest} anomaly detector: Smile's {@code IsolationForest} over the shared
 * transaction features of {@code dev.pfms.core.anomaly}, scored through flat arrays compiled from
 * Smile's fitted trees ({@link dev.pfms.ml.anomaly.CompiledForest}, proved equal to Smile's scores)
 * and explained with the shared reasons. Feature engineering and reasons must stay in pfms-core so
 * that the Apache-licensed baseline uses the same ones; only what needs Smile lives here.
 */
package dev.pfms.ml.anomaly;
