/**
 * Anomaly detection without an ML library: the shared per-transaction feature engineering
 * ({@link dev.pfms.core.anomaly.TransactionFeatures}: amount against the merchant's, category's and
 * account's history, time since the last visit, first visits, duplicate charges, foreign currency,
 * round amounts), the reasons a person reads ({@link dev.pfms.core.anomaly.Reasons}), and the
 * {@code robust-zscore} baseline detector. The {@code isolation-forest} detector in pfms-ml uses the
 * same features and reasons. Nothing here may depend on Smile or any other ML library.
 */
package dev.pfms.core.anomaly;
