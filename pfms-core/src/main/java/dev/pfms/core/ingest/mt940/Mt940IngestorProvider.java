package dev.pfms.core.ingest.mt940;

import dev.pfms.core.ingest.internal.CommonOptions;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/**
 * The {@code mt940} ingestor: SWIFT MT940/MT942 statements, with German ?20-structured :86: details. Options: {@code account}, {@code currency} (used when the file
 * names none) and {@code strict}.
 */
public final class Mt940IngestorProvider implements IngestorProvider {

  /** Creates the provider (cheap; ServiceLoader calls it). */
  public Mt940IngestorProvider() {}

  @Override
  public String name() {
    return "mt940";
  }

  @Override
  public String description() {
    return "SWIFT MT940/MT942 statements, with German ?20-structured :86: details";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return CommonOptions.ALL;
  }

  @Override
  public Ingestor create(ProviderConfig config) {
    return new Mt940Ingestor(config.get(CommonOptions.ACCOUNT), config.get(CommonOptions.CURRENCY),
        config.get(CommonOptions.STRICT));
  }
}
