package dev.pfms.api;

import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.Provider;
import dev.pfms.api.store.StoreProvider;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers found on a class path (or module path), by SPI and name. Thread-safe; {@link Pfms}
 * keeps one for its own class loader, and applications with their own class loaders (plugins)
 * build one with {@link #load(ClassLoader)}.
 *
 * <p>The set of SPIs is open: any interface that extends {@link Provider} is one (the built-in
 * ones are in {@link dev.pfms.api.spi}; a module may define more). Discovery runs lazily, once per
 * SPI, and its outcome is kept. A failure touches only the SPI (or name) it belongs to, never the
 * others, and is never thrown from a static initializer:
 * <ul>
 *   <li>a provider that fails to load or instantiate is reported (logged once, and named in the
 *       message of a failed lookup of that SPI); the other providers of the SPI stay usable;</li>
 *   <li>two providers of one SPI that share a name make every lookup of that name — and every call
 *       that would have to choose between them ({@link #all}, {@link #byPreference},
 *       {@link #preferred}) — fail with a {@link ProviderException} naming both classes and the
 *       jars they came from. Other names of the same SPI still resolve.</li>
 * </ul>
 */
public final class ProviderRegistry {

  /**
   * The SPIs that pfms-api itself defines, for listings. The set is open: other modules may define
   * more (any interface extending {@link Provider}), and every registry method accepts them.
   */
  public static final List<Class<? extends Provider<?>>> SPIS = List.of(
      IngestorProvider.class, CategorizerProvider.class, AnomalyDetectorProvider.class,
      ForecasterProvider.class, ConsentLedgerProvider.class, StoreProvider.class);

  private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

  private final Function<Class<?>, Discovered> discovery;
  private final Map<Class<?>, Discovered> cache = new ConcurrentHashMap<>();

  private ProviderRegistry(Function<Class<?>, Discovered> discovery) {
    this.discovery = discovery;
  }

  /**
   * A registry that discovers, on first use of each SPI, the providers visible to a class loader
   * through {@link ServiceLoader} (module path and {@code META-INF/services} alike). Never throws:
   * problems surface at lookup.
   *
   * @param loader the class loader
   * @return the registry
   */
  public static ProviderRegistry load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    return new ProviderRegistry(spi -> discover(spi, loader));
  }

  /**
   * A registry from explicit provider instances (tests, or applications that wire by hand).
   *
   * @param providers the providers
   * @return the registry
   * @throws ProviderException when two providers of one SPI share a name
   */
  public static ProviderRegistry of(List<? extends Provider<?>> providers) {
    List<Provider<?>> copy = List.copyOf(providers);
    ProviderRegistry r = new ProviderRegistry(spi -> {
      Discovered d = new Discovered();
      for (Provider<?> p : copy) {
        if (spi.isInstance(p)) {
          d.add(p);
        }
      }
      return d;
    });
    // Explicit wiring is checked eagerly: a clash here is the caller's own mistake.
    for (Provider<?> p : copy) {
      for (Class<?> spi : spisOf(p.getClass())) {
        r.discovered(spi).failOnClash(spi);
      }
    }
    return r;
  }

  private static List<Class<?>> spisOf(Class<?> c) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        collect(i, out);
      }
    }
    return out;
  }

  private static void collect(Class<?> i, List<Class<?>> out) {
    if (i != Provider.class && Provider.class.isAssignableFrom(i) && !out.contains(i)) {
      out.add(i);
    }
    for (Class<?> s : i.getInterfaces()) {
      collect(s, out);
    }
  }

  private static Discovered discover(Class<?> spi, ClassLoader loader) {
    Module api = ProviderRegistry.class.getModule();
    if (api.isNamed() && !api.canUse(spi)) {
      api.addUses(spi); // open SPI set: a module may define a new SPI this module does not know
    }
    Discovered d = new Discovered();
    Iterator<?> it = ServiceLoader.load(spi, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        d.add((Provider<?>) it.next());
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        // One broken jar never sinks discovery (SLF4J's safelyInstantiate): report it and go on.
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        d.broken.add(why);
        LOG.warn("a {} could not be loaded and is skipped: {}", spi.getSimpleName(), why);
        if (!(e instanceof ServiceConfigurationError)) {
          break; // the iterator is in an unknown state after a non-SCE failure
        }
      }
    }
    return d;
  }

  private Discovered discovered(Class<?> spi) {
    if (!spi.isInterface() || !Provider.class.isAssignableFrom(spi) || spi == Provider.class) {
      throw new IllegalArgumentException(spi.getName() + " is not a pfms SPI: an SPI is an interface extending "
          + Provider.class.getName());
    }
    return cache.computeIfAbsent(spi, discovery);
  }

  /**
   * The provider of an SPI with a name.
   *
   * @param <P> the SPI type
   * @param spi the SPI, e.g. {@code CategorizerProvider.class}
   * @param name the name
   * @return the provider
   * @throws ProviderException naming the installed providers when none has the name, or naming
   *     both classes and jars when two share it
   */
  public <P extends Provider<?>> P provider(Class<P> spi, String name) {
    Discovered d = discovered(spi);
    List<Provider<?>> found = d.byName.get(name);
    if (found == null) {
      throw new ProviderException("no " + spi.getSimpleName() + " named '" + name + "'; installed: "
          + (d.byName.isEmpty() ? "none (add a pfms module to the class path)" : d.byName.keySet())
          + (d.broken.isEmpty() ? "" : "; could not be loaded: " + d.broken));
    }
    if (found.size() > 1) {
      throw clash(spi, name, found);
    }
    return spi.cast(found.get(0));
  }

  /**
   * The provider of an SPI with the highest {@link Provider#priority()} (ties broken by name).
   *
   * @param <P> the SPI type
   * @param spi the SPI
   * @return the preferred provider, if any is installed
   * @throws ProviderException when two providers of the SPI share a name
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
   * @throws ProviderException when two providers of the SPI share a name
   */
  public <P extends Provider<?>> List<P> byPreference(Class<P> spi) {
    return all(spi).stream()
        .sorted(Comparator.<P>comparingInt(Provider::priority).reversed().thenComparing(Provider::name))
        .toList();
  }

  /**
   * Every provider of an SPI, sorted by name.
   *
   * @param <P> the SPI type
   * @param spi the SPI
   * @return the providers
   * @throws ProviderException when two providers of the SPI share a name
   */
  public <P extends Provider<?>> List<P> all(Class<P> spi) {
    Discovered d = discovered(spi);
    d.failOnClash(spi);
    return d.byName.values().stream().map(l -> spi.cast(l.get(0))).toList();
  }

  /**
   * The names installed for an SPI, sorted. A name offered by two providers is listed once; it
   * fails at {@link #provider}.
   *
   * @param spi the SPI
   * @return the names
   */
  public List<String> names(Class<? extends Provider<?>> spi) {
    return List.copyOf(discovered(spi).byName.keySet());
  }

  /**
   * What failed to load for an SPI (class name and reason), empty when everything loaded.
   *
   * @param spi the SPI
   * @return the problems, one line each
   */
  public List<String> problems(Class<? extends Provider<?>> spi) {
    Discovered d = discovered(spi);
    List<String> out = new ArrayList<>(d.broken);
    d.byName.forEach((n, l) -> {
      if (l.size() > 1) {
        out.add(clash(spi, n, l).getMessage());
      }
    });
    return List.copyOf(out);
  }

  private static ProviderException clash(Class<?> spi, String name, List<Provider<?>> found) {
    List<String> where = found.stream().map(ProviderRegistry::describe).toList();
    return new ProviderException("two " + spi.getSimpleName() + "s are named '" + name + "': "
        + String.join(" and ", where) + "; remove one jar from the class path");
  }

  private static String describe(Provider<?> p) {
    CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
    return p.getClass().getName() + " (from " + (cs == null || cs.getLocation() == null ? "unknown location" : cs.getLocation()) + ")";
  }

  @Override
  public String toString() {
    Map<String, Object> parts = new LinkedHashMap<>();
    cache.forEach((k, v) -> parts.put(k.getSimpleName(), v.byName.keySet()));
    return "ProviderRegistry" + parts;
  }

  /** What one SPI's discovery found: providers by name (more than one is a clash) and failures. */
  private static final class Discovered {
    final Map<String, List<Provider<?>>> byName = new TreeMap<>();
    final List<String> broken = new ArrayList<>();

    void add(Provider<?> p) {
      String name = p.name();
      if (name == null) {
        broken.add(p.getClass().getName() + ".name() returned null");
        return;
      }
      List<Provider<?>> l = byName.computeIfAbsent(name, k -> new ArrayList<>(1));
      if (l.stream().noneMatch(q -> q.getClass() == p.getClass())) {
        l.add(p);
      }
    }

    void failOnClash(Class<?> spi) {
      for (Map.Entry<String, List<Provider<?>>> e : byName.entrySet()) {
        if (e.getValue().size() > 1) {
          throw clash(spi, e.getKey(), e.getValue());
        }
      }
    }
  }
}
