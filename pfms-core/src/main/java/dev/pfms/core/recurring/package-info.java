/**
 * Recurring payments and the cash-flow forecast built on them: detection of recurring series
 * (subscriptions, rent, salary, utilities) from a history by payee, amount tolerance and cadence
 * with date jitter ({@link dev.pfms.core.recurring.RecurringDetector}), with the expected next date
 * and amount, price changes and stopped series; and an account's projected balance path
 * ({@link dev.pfms.core.recurring.CashFlowForecaster}: known recurring items plus a forecast of the
 * rest). No ML library; no I/O.
 */
package dev.pfms.core.recurring;
