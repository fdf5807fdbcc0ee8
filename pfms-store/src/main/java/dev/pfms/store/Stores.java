package dev.pfms.store;

import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreProvider;
import dev.pfms.core.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Opens stores by provider name, the way {@code Pfms} creates the other services. */
public final class Stores {

  private Stores() {}

  /**
   * Opens a store.
   *
   * @param name the provider name, e.g. {@code "sqlite"}
   * @param config its options (validated against the provider's keys)
   * @return the open store; close it
   * @throws IllegalArgumentException when no provider has that name (listing the installed ones) or
   *     an option is unknown or bad
   */
  public static Store open(String name, ProviderConfig config) {
    List<String> names = new ArrayList<>();
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader())) {
      if (p.name().equals(name)) {
        config.validate(name, p.options());
        return p.create(config);
      }
      names.add(p.name());
    }
    throw new IllegalArgumentException("no store provider '" + name + "'; installed: " + names);
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
