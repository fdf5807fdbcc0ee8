/**
 * Money that means what it says: transfers between the user's own accounts
 * ({@link dev.pfms.api.money.TransferMatch}, found by a {@link dev.pfms.api.money.TransferDetector}),
 * dated exchange rates ({@link dev.pfms.api.money.FxRates}, the European Central Bank's CSV
 * layout) and the one definition of spending and income every report uses
 * ({@link dev.pfms.api.money.Spending}): money out and in, less transfers, per currency or in a
 * base currency. Values and pure functions only; nothing here reads a network or keeps state.
 */
package dev.pfms.api.money;
