package dev.pfms.core.consent;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.consent.ConsentState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.Forecaster;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enumerates, by reflection, every interface in the SPI package and every method of the service
 * interfaces, and checks that a {@link ConsentGuard} wrapper refuses each method (without consent)
 * before the wrapped service is reached. A new SPI service interface, or a new method on one, fails
 * this test until it is either guarded or listed here as exempt with a reason.
 */
class ConsentGuardCoversEverySpiMethodTest {

  /** The service interfaces that process a subject's data, and the purpose each needs. */
  private static final Map<Class<?>, Purpose> GUARDED = Map.of(
      Categorizer.class, Purpose.CATEGORIZATION,
      AnomalyDetector.class, Purpose.ANOMALY_DETECTION,
      dev.pfms.api.spi.AnomalyModel.class, Purpose.ANOMALY_DETECTION,
      Forecaster.class, Purpose.FORECASTING);

  /** Interfaces of the SPI package that are not data-processing services, with the reason. */
  private static final Map<String, String> EXEMPT = Map.ofEntries(
      Map.entry("ConsentLedger", "is the consent record itself"),
      Map.entry("Ingestor", "parses bytes the caller already holds into transactions; no purpose is served yet"),
      Map.entry("IngestSource", "a source of bytes, no processing"),
      Map.entry("IngestSink", "the caller's own receiver of what an Ingestor reads; implemented by the caller"),
      Map.entry("Provider", "a factory; makes services, sees no data"),
      Map.entry("CategorizerProvider", "a factory"),
      Map.entry("AnomalyDetectorProvider", "a factory"),
      Map.entry("ForecasterProvider", "a factory"),
      Map.entry("IngestorProvider", "a factory"),
      Map.entry("ConsentLedgerProvider", "a factory"));

  @Test
  void everySpiInterfaceIsGuardedOrExemptWithAReason() throws IOException, URISyntaxException {
    Path location = Path.of(Categorizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = Categorizer.class.getPackageName().replace('.', '/') + "/";
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(pkg))) {
        files.forEach(f -> names.add(f.getFileName().toString()));
      }
    } else {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
        jar.stream().map(java.util.jar.JarEntry::getName)
            .filter(n -> n.startsWith(pkg) && n.indexOf('/', pkg.length()) < 0)
            .forEach(n -> names.add(n.substring(pkg.length())));
      }
    }
    Set<String> interfaces = new TreeSet<>();
    for (String n : names) {
      if (!n.endsWith(".class") || n.contains("$") || n.equals("package-info.class")) {
        continue;
      }
      try {
        Class<?> c = Class.forName(Categorizer.class.getPackageName() + "." + n.substring(0, n.length() - 6));
        if (c.isInterface() && Modifier.isPublic(c.getModifiers())) {
          interfaces.add(c.getSimpleName());
        }
      } catch (ClassNotFoundException e) {
        fail("cannot load " + n, e);
      }
    }
    assertThat(interfaces).contains("Categorizer", "AnomalyDetector", "Forecaster", "ConsentLedger");
    for (String i : interfaces) {
      boolean guarded = GUARDED.keySet().stream().anyMatch(c -> c.getSimpleName().equals(i));
      assertThat(guarded || EXEMPT.containsKey(i))
          .as("SPI interface %s must be guarded by ConsentGuard or exempt with a reason", i).isTrue();
    }
  }

  @Test
  void everyMethodOfEveryGuardedServiceRequiresConsentBeforeTheDelegate() throws Exception {
    ConsentLedger denyAll = new InMemoryConsentLedger();
    ConsentGuard guard = new ConsentGuard(denyAll, java.time.Clock.systemUTC());
    List<String> checked = new ArrayList<>();
    for (Map.Entry<Class<?>, Purpose> e : GUARDED.entrySet()) {
      Class<?> type = e.getKey();
      List<String> reached = new ArrayList<>();
      Object delegate = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
        if (m.getDeclaringClass() != Object.class) {
          reached.add(m.getName());
        }
        return null;
      });
      Object wrapped = wrap(guard, type, delegate);
      for (Method m : type.getMethods()) {
        if (Modifier.isStatic(m.getModifiers())) {
          continue;
        }
        Object[] args = new Object[m.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
          args[i] = defaultValue(m.getParameterTypes()[i]);
        }
        try {
          m.invoke(wrapped, args);
          fail(type.getSimpleName() + "." + m.getName() + " ran without consent");
        } catch (java.lang.reflect.InvocationTargetException ex) {
          assertThat(ex.getCause()).as(type.getSimpleName() + "." + m.getName())
              .isInstanceOf(ConsentRequiredException.class);
          assertThat(((ConsentRequiredException) ex.getCause()).purpose()).isEqualTo(e.getValue());
        }
        checked.add(type.getSimpleName() + "." + m.getName());
      }
      assertThat(reached).as("delegate of " + type.getSimpleName() + " reached without consent").isEmpty();
    }
    assertThat(checked).contains("Categorizer.save", "Categorizer.metadata", "Categorizer.categorizeAll",
        "AnomalyDetector.fit", "Forecaster.forecast");
  }

  private static Object wrap(ConsentGuard g, Class<?> type, Object delegate) {
    if (type == Categorizer.class) {
      return g.categorizer((Categorizer) delegate, "s");
    }
    if (type == AnomalyDetector.class) {
      return g.anomalyDetector((AnomalyDetector) delegate, "s");
    }
    if (type == dev.pfms.api.spi.AnomalyModel.class) {
      return g.anomalyModel((dev.pfms.api.spi.AnomalyModel) delegate, "s");
    }
    return g.forecaster((Forecaster) delegate, "s");
  }

  private static Object defaultValue(Class<?> t) {
    if (!t.isPrimitive()) {
      return t == List.class ? List.of() : null;
    }
    if (t == boolean.class) {
      return false;
    }
    if (t == double.class) {
      return 0.5;
    }
    if (t == float.class) {
      return 0.5f;
    }
    if (t == long.class) {
      return 1L;
    }
    if (t == char.class) {
      return 'a';
    }
    if (t == byte.class) {
      return (byte) 1;
    }
    if (t == short.class) {
      return (short) 1;
    }
    return 1;
  }
}
