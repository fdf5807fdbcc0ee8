/**
 * The entry point ({@link dev.pfms.api.Pfms}), provider discovery
 * ({@link dev.pfms.api.ProviderRegistry}) and the exception hierarchy rooted at
 * {@link dev.pfms.api.PfmsException}. Providers live in sub-packages; this package knows none of
 * them by class name.
 */
package dev.pfms.api;
