/**
 * Transfer matching: {@link dev.pfms.core.transfer.TransferMatcher} finds the two legs of money
 * moving between the user's own accounts (same or different currency, card repayments) and
 * {@link dev.pfms.core.transfer.TransferDecisions} remembers what the user confirmed or rejected.
 * Pure computation over transactions; no I/O, no global state.
 */
package dev.pfms.core.transfer;
