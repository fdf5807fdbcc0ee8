/**
 * Forecasting of regular money series without an ML library: the exponential-smoothing family
 * ({@link dev.pfms.core.forecast.Ets}: simple, Holt linear and damped, Holt-Winters additive and
 * multiplicative; parameters by maximum likelihood, model by AICc, prediction intervals), the
 * {@code ets} and {@code seasonal-naive} forecasters, and rolling-origin backtests
 * ({@link dev.pfms.core.forecast.Backtest}: MASE, sMAPE, interval coverage). Doubles are used
 * inside the math; amounts leave as {@code BigDecimal} scaled to the currency. Nothing here may
 * depend on Smile or another numerical library.
 */
package dev.pfms.core.forecast;
