package dev.pfms.core.ingest.ofx;

import dev.pfms.core.ingest.internal.CommonOptions;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/**
 * The {@code ofx} ingestor: OFX 1.x (SGML) and 2.x (XML) bank, card and investment-cash statements, and QFX. Options: {@code account}, {@code currency} (used when the file
 * names none) and {@code strict}.
 */
public final class OfxIngestorProvider implements IngestorProvider {

  /** Creates the provider (cheap; ServiceLoader calls it). */
  public OfxIngestorProvider() {}

  @Override
  public String name() {
    return "ofx";
  }

  @Override
  public String description() {
    return "OFX 1.x (SGML) and 2.x (XML) bank, card and investment-cash statements, and QFX";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return CommonOptions.ALL;
  }

  @Override
  public Ingestor create(ProviderConfig config) {
    return new OfxIngestor(config.get(CommonOptions.ACCOUNT), config.get(CommonOptions.CURRENCY),
        config.get(CommonOptions.STRICT));
  }
}
