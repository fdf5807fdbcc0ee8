/**
 * Learned payees: a raw description to canonical payee mapping taught by corrections and
 * confirmations and applied before categorization ({@code stacked-gbm} option {@code payees}).
 *
 * <p>What must not live here: category corrections (the categorizer base's correction store owns
 * them). Meant to move beside that base in {@code pfms-api} once it lands.
 */
package dev.pfms.ml.payee;
