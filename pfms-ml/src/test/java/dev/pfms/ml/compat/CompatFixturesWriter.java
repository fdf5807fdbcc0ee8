package dev.pfms.ml.compat;

import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Writes the fixtures of one format version; only with {@code -Dpfms.compat.write=<version>}. */
@EnabledIfSystemProperty(named = "pfms.compat.write", matches = "v[0-9]+")
class CompatFixturesWriter {

  @Test
  void writeFixtures() throws Exception {
    String version = System.getProperty("pfms.compat.write");
    for (Object[] m : CompatFixtures.models()) {
      CompatFixtures.write(version, (String) m[0], (CategorizerProvider) m[1], (ProviderConfig) m[2]);
    }
  }
}
