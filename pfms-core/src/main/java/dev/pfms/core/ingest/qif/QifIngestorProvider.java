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

  @Override
  public List<ConfigKey<?>> options() {
    return CommonOptions.ALL;
  }

  @Override
  public Ingestor create(ProviderConfig config) {
    return new QifIngestor(config.get(CommonOptions.ACCOUNT), config.get(CommonOptions.CURRENCY),
        config.get(CommonOptions.STRICT));
  }
}
