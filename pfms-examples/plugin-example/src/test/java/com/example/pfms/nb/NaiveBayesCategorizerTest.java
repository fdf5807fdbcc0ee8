package com.example.pfms.nb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.tck.CategorizerContract;
import dev.pfms.tck.Registrations;
import org.junit.jupiter.api.Test;

/** The plugin proves itself with the published TCK, exactly as pfms's own providers do. */
class NaiveBayesCategorizerTest extends CategorizerContract {

  @Override
  protected CategorizerProvider provider() {
    return new NaiveBayesCategorizerProvider();
  }

  @Test
  void isDiscoveredFromTheClassPathByName() {
    assertThat(Pfms.available(CategorizerProvider.class)).contains("naive-bayes");
  }

  @Test
  void registersTheSameProviderInModuleInfoAndServices() throws Exception {
    Registrations.assertModuleInfoMatchesServices(NaiveBayesCategorizerProvider.class);
  }
}
