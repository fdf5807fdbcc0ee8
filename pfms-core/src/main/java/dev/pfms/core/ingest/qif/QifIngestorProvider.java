package dev.pfms.core.ingest.qif;

import dev.pfms.core.ingest.internal.CommonOptions;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/**
 * The {@code qif} ingestor: Quicken Interchange Format (QIF) bank, cash and card accounts. Options: {@code account}, {@code currency} (used when the file
 * names none) and {@code strict}.
 */
public final class QifIngestorProvider implements IngestorProvider {

  /** Creates the provider (cheap; ServiceLoader calls it). */
  public QifIngestorProvider() {}

  @Override
  public String name() {
    return "qif";
  }

  @Override
  public String description() {
    return "Quicken Interchange Format (QIF) bank, cash and card accounts";
  }

  /** How to read numeric dates. */
  public static final ConfigKey<String> DAY_FIRST = new ConfigKey<>("day-first", String.class, "auto",
      "auto (decide from the file; month-first when nothing decides, as Quicken writes QIF), true (dd/MM) or "
          + "false (MM/dd)", v -> {
        String t = v.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("auto") || t.equals("true") || t.equals("false")) {
          return t;
        }
        throw new IllegalArgumentException("expected auto, true or false");
      });

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(CommonOptions.ACCOUNT, CommonOptions.CURRENCY, CommonOptions.STRICT, DAY_FIRST);
  }

  @Override
  public Ingestor create(ProviderConfig config) {
    String day = config.get(DAY_FIRST);
    return new QifIngestor(config.get(CommonOptions.ACCOUNT), config.get(CommonOptions.CURRENCY),
        config.get(CommonOptions.STRICT), day.equals("auto") ? null : Boolean.valueOf(day));
  }
}
