package dev.pfms.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.core.spi.Categorizer;
import dev.pfms.core.spi.CategorizerProvider;
import dev.pfms.core.spi.ConfigKey;
import dev.pfms.core.spi.ProviderConfig;
import java.io.IOException;
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
        .hasMessageContaining("lernFromTraining").hasMessageContaining("learnFromTraining");
  }

  @Test
  void badOptionValueNamesTheKey() {
    assertThatThrownBy(() -> Pfms.categorizer("rules", ProviderConfig.of(Map.of("minExamples", "many"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minExamples");
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
    dev.pfms.tck.Registrations.assertModuleInfoMatchesServices(Pfms.class);
  }
}
