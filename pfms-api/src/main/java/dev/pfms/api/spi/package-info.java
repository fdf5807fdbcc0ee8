/**
 * The five service-provider interfaces and their configuration. Each SPI is a pair: a provider
 * ({@code …Provider}, no-argument, stateless, found by {@link java.util.ServiceLoader}) and the
 * service it creates (stateful, thread-safe). Nothing here has an implementation beyond defaults.
 */
package dev.pfms.api.spi;
