package dev.pfms.api.store;

import dev.pfms.api.spi.Provider;

/**
 * Creates {@link Store}s: {@code sqlite} (embedded, the default) and {@code postgresql} in pfms-store.
 * Register implementations in {@code META-INF/services/dev.pfms.api.store.StoreProvider}.
 *
 * <p>{@link #create} opens (and, when needed, creates and migrates) the database; the caller closes
 * the store.
 */
public interface StoreProvider extends Provider<Store> {}
