/**
 * The end-to-end pipeline (categorize, detect anomalies, forecast) with consent enforced before each
 * step. It works through the SPIs only and knows no provider by class name.
 */
package dev.pfms.api.pipeline;
