/**
 * The {@code isolation-forest} anomaly detector: an isolation forest grown by this package's own
 * tree code ({@code IsolationForest}: plain arrays, no reflection into Smile, saved as they are)
 * over the shared transaction features of {@code dev.pfms.core.anomaly}, explained with the shared
 * reasons. Smile's {@code IsolationForest} remains the reference in the tests. Feature engineering
 * and reasons must stay in pfms-core so that the Apache-licensed baseline uses the same ones.
 */
package dev.pfms.ml.anomaly;
