package dev.pfms.store;

import dev.pfms.api.Pfms;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;

/** Opens stores by provider name, the way {@code Pfms} creates the other services. */
public final class Stores {

  private Stores() {}

  /**
   * Opens a store.
   *
   * @param name the provider name, e.g. {@code "sqlite"}
   * @param config its options (validated against the provider's keys)
   * @return the open store; close it
   * @throws dev.pfms.api.ProviderException when no provider has that name (listing the installed ones)
   * @throws IllegalArgumentException when an option is unknown or bad
   */
  public static Store open(String name, ProviderConfig config) {
    return Pfms.create(StoreProvider.class, name, config);
  }

  /**
   * Opens (creating when missing) the embedded SQLite store in one file.
   *
   * @param file the database file
   * @return the open store; close it
   */
  public static Store sqlite(Path file) {
    return open("sqlite", ProviderConfig.builder().set(SqliteStoreProvider.PATH, file).build());
  }
}
