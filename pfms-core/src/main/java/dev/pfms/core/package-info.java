/**
 * The entry point ({@link dev.pfms.core.Pfms}), provider discovery
 * ({@link dev.pfms.core.ProviderRegistry}) and the exception hierarchy rooted at
 * {@link dev.pfms.core.PfmsException}. Providers live in sub-packages; this package knows none of
 * them by class name.
 */
package dev.pfms.core;
