package dev.pfms.core.ingest.camt;

import dev.pfms.core.ingest.internal.CommonOptions;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/**
 * The {@code camt053} ingestor: ISO 20022 camt.053 statements, camt.052 reports and camt.054 notifications. Options: {@code account}, {@code currency} (used when the file
 * names none) and {@code strict}.
 */
public final class Camt053IngestorProvider implements IngestorProvider {

  /** Creates the provider (cheap; ServiceLoader calls it). */
  public Camt053IngestorProvider() {}

  @Override
  public String name() {
    return "camt053";
  }

  @Override
  public String description() {
    return "ISO 20022 camt.053 statements, camt.052 reports and camt.054 notifications";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return CommonOptions.ALL;
  }

  @Override
  public Ingestor create(ProviderConfig config) {
    return new Camt053Ingestor(config.get(CommonOptions.ACCOUNT), config.get(CommonOptions.CURRENCY),
        config.get(CommonOptions.STRICT));
  }
}
