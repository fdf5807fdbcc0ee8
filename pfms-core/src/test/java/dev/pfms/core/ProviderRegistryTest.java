package dev.pfms.core;

import dev.pfms.api.Pfms;
import dev.pfms.api.ProviderRegistry;
import dev.pfms.api.ProviderException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.Provider;
import dev.pfms.core.forecast.EtsProvider;
import dev.pfms.core.forecast.SeasonalNaiveProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  /** A second provider claiming the name "rules". */
  public static final class Impostor implements CategorizerProvider {
    @Override
    public String name() {
      return "rules";
    }

    @Override
    public String description() {
      return "impostor";
    }

    @Override
    public Categorizer create(ProviderConfig config) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void discoversCoreProvidersOnTheClassPath() {
    assertThat(Pfms.available(CategorizerProvider.class)).contains("rules");
    assertThat(Pfms.categorizer("rules", ProviderConfig.empty())).isNotNull();
  }

  @Test
  void unknownNameListsWhatIsInstalled() {
    assertThatThrownBy(() -> Pfms.categorizer("no-such-model", ProviderConfig.empty()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("no-such-model").hasMessageContaining("installed").hasMessageContaining("rules");
  }

  @Test
  void duplicateNameIsAnErrorNamingBothClasses() {
    assertThatThrownBy(() -> ProviderRegistry.of(List.of(new RulesCategorizerProvider(), new Impostor())))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("'rules'")
        .hasMessageContaining(RulesCategorizerProvider.class.getName())
        .hasMessageContaining(Impostor.class.getName());
  }

  @Test
  void unknownOptionIsRejectedNamingTheKeyAndTheKnownOnes() {
    assertThatThrownBy(() -> Pfms.categorizer("rules", ProviderConfig.of(Map.of("lernFromTraining", "true"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lern-from-training").hasMessageContaining("learn-from-training");
  }

  @Test
  void badOptionValueNamesTheKey() {
    assertThatThrownBy(() -> Pfms.categorizer("rules", ProviderConfig.of(Map.of("minExamples", "many"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-examples");
  }

  @Test
  @DisplayName("a value outside the declared range fails at create, naming provider, key and bound")
  void outOfRangeValueFailsAtCreate() {
    assertThatThrownBy(() -> Pfms.categorizer("rules", ProviderConfig.of(Map.of("min-examples", "0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider 'rules', option 'min-examples': 0 is below the minimum 1");
  }

  @Test
  @DisplayName("one key style: camelCase names from 0.1 configurations are read as kebab-case")
  void camelCaseKeysAreReadAsKebabCase() {
    assertThat(ConfigKey.canonical("dayFirst")).isEqualTo("day-first");
    assertThat(ConfigKey.canonical("kekURI")).isEqualTo("kek-uri");
    assertThat(ConfigKey.canonical("sample-size")).isEqualTo("sample-size");
    assertThat(ProviderConfig.of(Map.of("minExamples", "2")).keys()).containsExactly("min-examples");
    for (Class<? extends dev.pfms.api.spi.Provider<?>> spi : ProviderRegistry.SPIS) {
      for (dev.pfms.api.spi.Provider<?> p : Pfms.registry().all(castP(spi))) {
        for (ConfigKey<?> k : p.options()) {
          assertThat(k.name()).as(p.name() + " option").matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <P extends dev.pfms.api.spi.Provider<?>> Class<P> castP(Class<?> c) {
    return (Class<P>) c;
  }

  @Test
  void configToStringShowsKeysNotValues() {
    ProviderConfig c = ProviderConfig.builder().set("password", "hunter2").build();
    assertThat(c.toString()).contains("password").doesNotContain("hunter2");
    assertThat(c.get(ConfigKey.ofString("password", null, "x"))).isEqualTo("hunter2");
  }

  @Test
  void everyServicesFileNamesLoadableProvidersOfItsSpi() throws IOException {
    for (Class<?> spi : ProviderRegistry.SPIS) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/services/" + spi.getName())) {
        if (in == null) {
          continue;
        }
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String cls = line.replaceAll("#.*", "").trim();
          if (!cls.isEmpty()) {
            assertThat(spi).as(cls).isAssignableFrom(loadClass(cls));
          }
        }
      }
    }
  }

  private static Class<?> loadClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("services file names a missing class " + name, e);
    }
  }

  @Test
  void moduleInfoAndServicesFilesRegisterTheSameProviders() throws Exception {
    dev.pfms.tck.Registrations.assertModuleInfoMatchesServices(RulesCategorizerProvider.class);
  }

  /** A second forecaster claiming the built-in name "ets". */
  public static final class SecondEts implements ForecasterProvider {
    @Override
    public String name() {
      return "ets";
    }

    @Override
    public String description() {
      return "a clashing ets";
    }

    @Override
    public Forecaster create(ProviderConfig config) {
      throw new UnsupportedOperationException();
    }
  }

  /** An SPI that pfms-api does not know: the set of SPIs is open. */
  public interface WidgetProvider extends Provider<String> {}

  /** Its one provider. */
  public static final class Widget implements WidgetProvider {
    @Override
    public String name() {
      return "widget";
    }

    @Override
    public String description() {
      return "a widget";
    }

    @Override
    public String create(ProviderConfig config) {
      return "made";
    }
  }

  private static ClassLoader withServices(Path dir, Map<Class<?>, List<String>> services) throws IOException {
    for (Map.Entry<Class<?>, List<String>> e : services.entrySet()) {
      Path f = dir.resolve("META-INF/services/" + e.getKey().getName());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue(), StandardCharsets.UTF_8);
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ProviderRegistryTest.class.getClassLoader());
  }

  @Test
  @DisplayName("two jars offering one provider name fail only the lookups of that name, naming both jars")
  void clashingProviderFailsOnlyItsOwnLookup(@TempDir Path dir) throws IOException {
    ProviderRegistry r = ProviderRegistry.load(withServices(dir,
        Map.of(ForecasterProvider.class, List.of(SecondEts.class.getName()))));

    assertThatThrownBy(() -> r.provider(ForecasterProvider.class, "ets"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("'ets'")
        .hasMessageContaining(SecondEts.class.getName())
        .hasMessageContaining(EtsProvider.class.getName())
        .hasMessageContaining("from file:");
    // choosing among them would be a silent pick: refused too
    assertThatThrownBy(() -> r.preferred(ForecasterProvider.class)).isInstanceOf(ProviderException.class);
    assertThat(r.problems(ForecasterProvider.class)).singleElement().asString().contains("'ets'");
    // ... but the rest of the SPI, and every other SPI, still works, now and later
    assertThat(r.provider(ForecasterProvider.class, "seasonal-naive")).isInstanceOf(SeasonalNaiveProvider.class);
    assertThat(r.names(ForecasterProvider.class)).contains("ets", "seasonal-naive");
    assertThat(r.provider(CategorizerProvider.class, "rules")).isInstanceOf(RulesCategorizerProvider.class);
    assertThat(r.names(IngestorProvider.class)).contains("csv", "ofx");
    assertThatThrownBy(() -> r.provider(ForecasterProvider.class, "ets")).isInstanceOf(ProviderException.class);
  }

  @Test
  @DisplayName("a provider class that cannot be loaded is reported and skipped; the others still load")
  void brokenProviderDoesNotSinkDiscovery(@TempDir Path dir) throws IOException {
    ProviderRegistry r = ProviderRegistry.load(withServices(dir,
        Map.of(CategorizerProvider.class, List.of("com.example.Missing"))));

    assertThat(r.provider(CategorizerProvider.class, "rules")).isInstanceOf(RulesCategorizerProvider.class);
    assertThat(r.problems(CategorizerProvider.class)).singleElement().asString().contains("com.example.Missing");
    assertThatThrownBy(() -> r.provider(CategorizerProvider.class, "nb"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("could not be loaded")
        .hasMessageContaining("com.example.Missing");
  }

  @Test
  @DisplayName("any interface extending Provider is an SPI: a module can add a sixth")
  void theSetOfSpisIsOpen(@TempDir Path dir) throws IOException {
    ProviderRegistry r = ProviderRegistry.load(withServices(dir,
        Map.of(WidgetProvider.class, List.of(Widget.class.getName()))));
    assertThat(r.names(WidgetProvider.class)).containsExactly("widget");
    assertThat(r.provider(WidgetProvider.class, "widget").create(ProviderConfig.empty())).isEqualTo("made");
    assertThatThrownBy(() -> r.names(castSpi(Provider.class)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a pfms SPI");
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Provider<?>> castSpi(Class<?> c) {
    return (Class<? extends Provider<?>>) c;
  }
}
