package dev.pfms.examples.cli;

import dev.pfms.api.Pfms;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the CLI's ingest flags ({@code -o key=value}, {@code --currency}, {@code --account},
 * {@code --format}) into a configured ingestor. Keys are matched to the options the chosen provider
 * declares ignoring case, {@code -} and {@code _}, so {@code day-first}, {@code day_first} and
 * {@code dayFirst} all reach the same option; a key the provider does not declare fails with the
 * list it accepts.
 */
final class IngestOptions {

  private IngestOptions() {}

  static Ingestor ingestor(IngestSource source, String format, Map<String, String> options, String currency,
      String account) {
    String name = format != null ? format : Pfms.ingestorFor(source).format();
    IngestorProvider provider = Pfms.registry().provider(IngestorProvider.class, name);
    List<ConfigKey<?>> declared = provider.options();
    Map<String, String> given = new LinkedHashMap<>(options);
    if (currency != null) {
      given.put("currency", currency);
    }
    if (account != null) {
      given.put("account", account);
    }
    if (given.isEmpty() && format == null) {
      return Pfms.ingestorFor(source);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = resolve(e.getKey(), declared, name);
      config.put(key, e.getValue());
    }
    return Pfms.ingestor(name, ProviderConfig.of(config));
  }

  static String resolve(String key, List<ConfigKey<?>> declared, String provider) {
    String k = fold(key);
    for (ConfigKey<?> c : declared) {
      if (fold(c.name()).equals(k)) {
        return c.name();
      }
    }
    throw new IllegalArgumentException("ingestor '" + provider + "' has no option '" + key + "'; it accepts "
        + declared.stream().map(ConfigKey::name).toList());
  }

  private static String fold(String s) {
    return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
