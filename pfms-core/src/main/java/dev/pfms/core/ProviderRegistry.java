package dev.pfms.core;

import dev.pfms.core.spi.AnomalyDetectorProvider;
import dev.pfms.core.spi.CategorizerProvider;
import dev.pfms.core.spi.ConsentLedgerProvider;
import dev.pfms.core.spi.ForecasterProvider;
import dev.pfms.core.spi.IngestorProvider;
import dev.pfms.core.spi.Provider;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The providers found on a class path (or module path), by SPI and name. Immutable and thread-safe
 * once built; {@link Pfms} keeps one for its own class loader, and applications with their own class
 * loaders (plugins) build one with {@link #load(ClassLoader)}.
 *
 * <p>Loading fails with a {@link ProviderException} when two providers of one SPI share a name,
 * naming both classes and the jars they came from.
 */
public final class ProviderRegistry {

  /** The SPIs a registry discovers. */
  public static final List<Class<? extends Provider<?>>> SPIS = List.of(
      IngestorProvider.class, CategorizerProvider.class, AnomalyDetectorProvider.class,
      ForecasterProvider.class, ConsentLedgerProvider.class);

  private final Map<Class<?>, Map<String, Provider<?>>> bySpi;

  private ProviderRegistry(Map<Class<?>, Map<String, Provider<?>>> bySpi) {
    this.bySpi = bySpi;
  }

  /**
   * Discovers the providers visible to a class loader.
   *
   * @param loader the class loader
   * @return the registry
   * @throws ProviderException on a duplicated name or a provider that fails to load
   */
  public static ProviderRegistry load(ClassLoader loader) {
    Map<Class<?>, Map<String, Provider<?>>> all = new LinkedHashMap<>();
    for (Class<? extends Provider<?>> spi : SPIS) {
      all.put(spi, discover(spi, loader));
    }
    return new ProviderRegistry(all);
  }

  /**
   * A registry from explicit provider instances (tests, or applications that wire by hand).
   *
   * @param providers the providers
   * @return the registry
   * @throws ProviderException on a duplicated name
   */
  public static ProviderRegistry of(List<? extends Provider<?>> providers) {
    Map<Class<?>, Map<String, Provider<?>>> all = new LinkedHashMap<>();
    for (Class<? extends Provider<?>> spi : SPIS) {
      Map<String, Provider<?>> byName = new TreeMap<>();
      for (Provider<?> p : providers) {
        if (spi.isInstance(p)) {
          add(spi, byName, p);
        }
      }
      all.put(spi, byName);
    }
    return new ProviderRegistry(all);
  }

  private static Map<String, Provider<?>> discover(Class<? extends Provider<?>> spi, ClassLoader loader) {
    Map<String, Provider<?>> byName = new TreeMap<>();
    try {
      for (Provider<?> p : ServiceLoader.load(spi, loader)) {
        add(spi, byName, p);
      }
    } catch (ServiceConfigurationError e) {
      throw new ProviderException("a " + spi.getSimpleName() + " could not be loaded: " + e.getMessage(), e);
    }
    return byName;
  }

  private static void add(Class<?> spi, Map<String, Provider<?>> byName, Provider<?> p) {
    String name = Objects.requireNonNull(p.name(), () -> p.getClass().getName() + ".name() returned null");
    Provider<?> prior = byName.putIfAbsent(name, p);
    if (prior != null && prior.getClass() != p.getClass()) {
      throw new ProviderException("two " + spi.getSimpleName() + "s are named '" + name + "': "
          + describe(prior) + " and " + describe(p) + "; remove one jar from the class path");
    }
  }

  private static String describe(Provider<?> p) {
    CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
    return p.getClass().getName() + " (from " + (cs == null || cs.getLocation() == null ? "unknown location" : cs.getLocation()) + ")";
  }

  /**
   * The provider of an SPI with a name.
   *
   * @param <P> the SPI type
   * @param spi the SPI, e.g. {@code CategorizerProvider.class}
   * @param name the name
   * @return the provider
   * @throws ProviderException naming the installed providers when none has the name
   */
  public <P extends Provider<?>> P provider(Class<P> spi, String name) {
    Provider<?> p = providers(spi).get(name);
    if (p == null) {
      throw new ProviderException("no " + spi.getSimpleName() + " named '" + name + "'; installed: "
          + (providers(spi).isEmpty() ? "none (add a pfms module to the class path)" : providers(spi).keySet()));
    }
    return spi.cast(p);
  }

  /**
   * The provider of an SPI with the highest {@link Provider#priority()} (ties broken by name).
   *
   * @param <P> the SPI type
   * @param spi the SPI
   * @return the preferred provider, if any is installed
   */
  public <P extends Provider<?>> Optional<P> preferred(Class<P> spi) {
    return byPreference(spi).stream().findFirst();
  }

  /**
   * Every provider of an SPI, most preferred first: by descending {@link Provider#priority()}, then
   * by name. Callers that can fall back (a provider whose optional dependencies are absent) try
   * them in this order.
   *
   * @param <P> the SPI type
   * @param spi the SPI
   * @return the providers
   */
  public <P extends Provider<?>> List<P> byPreference(Class<P> spi) {
    return providers(spi).values().stream()
        .sorted(Comparator.<Provider<?>>comparingInt(Provider::priority).reversed()
            .thenComparing(Provider::name))
        .map(spi::cast)
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Every provider of an SPI, sorted by name.
   *
   * @param <P> the SPI type
   * @param spi the SPI
   * @return the providers
   */
  public <P extends Provider<?>> List<P> all(Class<P> spi) {
    return providers(spi).values().stream().map(spi::cast).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The names installed for an SPI, sorted.
   *
   * @param spi the SPI
   * @return the names
   */
  public List<String> names(Class<? extends Provider<?>> spi) {
    return List.copyOf(providers(spi).keySet());
  }

  private Map<String, Provider<?>> providers(Class<?> spi) {
    Map<String, Provider<?>> m = bySpi.get(spi);
    if (m == null) {
      throw new IllegalArgumentException(spi.getName() + " is not a pfms SPI; SPIs are " + SPIS);
    }
    return m;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    bySpi.forEach((k, v) -> parts.add(k.getSimpleName() + "=" + v.keySet()));
    return "ProviderRegistry" + parts;
  }
}
