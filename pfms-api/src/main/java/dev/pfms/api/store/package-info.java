/**
 * The store SPI: where pfms keeps what must survive a restart — imported transactions (keyed by their
 * stable id), the category of each with who set it, user corrections and confirmations, rules,
 * learned payees, recurring series, anomaly feedback and the model registry.
 *
 * <p>{@link dev.pfms.api.store.StoreProvider} is found by {@link java.util.ServiceLoader} like every
 * other pfms provider and creates a {@link dev.pfms.api.store.Store}. Personal fields go through a
 * {@link dev.pfms.api.store.FieldProtector} (field encryption with a blind index when the crypto
 * module supplies one). This package holds only interfaces and values: no JDBC, no SQL, no driver.
 */
package dev.pfms.api.store;
