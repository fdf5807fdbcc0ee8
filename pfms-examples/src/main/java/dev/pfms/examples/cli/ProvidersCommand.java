package dev.pfms.examples.cli;

import dev.pfms.api.Pfms;
import dev.pfms.api.ProviderRegistry;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Provider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Lists the providers on the class path, with their options. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = "List the installed providers of each SPI and their options.")
final class ProvidersCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    ProviderRegistry reg = Pfms.registry();
    for (Class<? extends Provider<?>> spi : ProviderRegistry.SPIS) {
      System.out.println(spi.getSimpleName().replace("Provider", "") + ":");
      for (Provider<?> p : reg.all(spi)) {
        System.out.printf("  %-18s priority %-3d %s%n", p.name(), p.priority(), p.description());
        for (ConfigKey<?> k : p.options()) {
          System.out.printf("      %-22s %-9s %s%s%n", k.name(), k.type().getSimpleName(), k.description(),
              k.defaultValue() == null ? "" : " (default " + k.defaultValue() + ")");
        }
      }
    }
    return 0;
  }
}
