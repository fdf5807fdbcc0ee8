/**
 * Forecasting of regular money series without an ML library: the exponential-smoothing family
 * ({@link dev.pfms.core.forecast.Ets}: forecast::ets's 15 default forms, errors additive or
 * multiplicative, trend none, additive or damped, season none, additive or multiplicative; smoothing
 * parameters and all initial states by maximum likelihood inside the admissible region, model by
 * AICc; analytic, simulated or empirical prediction intervals), the {@code ets} and
 * {@code seasonal-naive} forecasters (both with a {@code non-negative} option for spending), and
 * rolling-origin backtests ({@link dev.pfms.core.forecast.Backtest}: MASE, sMAPE, interval
 * coverage). Doubles are used inside the math; amounts leave as {@code BigDecimal} scaled to the
 * currency. Nothing here may depend on Smile or another numerical library.
 */
package dev.pfms.core.forecast;
