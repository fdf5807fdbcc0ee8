package dev.pfms.api;

import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.Provider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/**
 * The entry point: finds providers on the class path and creates services by name.
 *
 * <pre>{@code
 * Ingestor csv = Pfms.ingestor("csv");
 * Categorizer cat = Pfms.categorizer("tfidf-gbm", ProviderConfig.builder().set("trees", 80).build());
 * List<String> installed = Pfms.available(CategorizerProvider.class);
 * }</pre>
 *
 * <p>Discovery runs lazily, once per SPI, over the class loader that loaded pfms-api, and its
 * outcome is kept. An unknown name fails with the list of installed names; two providers with one
 * name fail that name's lookup with both jar locations, and a provider that cannot be loaded is
 * skipped and reported — in either case every other lookup keeps working. For other class loaders
 * use {@link ProviderRegistry#load}.
 */
public final class Pfms {

  private static final class Holder {
    static final ProviderRegistry DEFAULT = ProviderRegistry.load(Pfms.class.getClassLoader());
  }

  private Pfms() {}

  /**
   * The registry over pfms-api's class loader (constructing it does no discovery and never fails).
   *
   * @return the registry
   */
  public static ProviderRegistry registry() {
    return Holder.DEFAULT;
  }

  /**
   * The names of the installed providers of an SPI, sorted.
   *
   * @param spi e.g. {@code CategorizerProvider.class}
   * @return the names
   */
  public static List<String> available(Class<? extends Provider<?>> spi) {
    return registry().names(spi);
  }

  /**
   * Creates a service from the named provider, validating the configuration first.
   *
   * @param <S> the service type
   * @param spi the SPI
   * @param name the provider name
   * @param config the options
   * @return the service
   * @throws ProviderException when the name is unknown
   * @throws IllegalArgumentException naming an unknown or bad option
   */
  public static <S> S create(Class<? extends Provider<S>> spi, String name, ProviderConfig config) {
    Provider<S> p = registry().provider(spi, name);
    return p.create(config.validate(p.name(), p.options()));
  }

  /**
   * An ingestor by format name.
   *
   * @param name e.g. {@code "csv"}
   * @return the ingestor
   */
  public static Ingestor ingestor(String name) {
    return create(IngestorProvider.class, name, ProviderConfig.empty());
  }

  /**
   * An ingestor by format name, configured.
   *
   * @param name e.g. {@code "csv"}
   * @param config the options
   * @return the ingestor
   */
  public static Ingestor ingestor(String name, ProviderConfig config) {
    return create(IngestorProvider.class, name, config);
  }

  /**
   * The installed ingestor that recognizes a source best.
   *
   * @param source the source
   * @return the ingestor
   * @throws IngestException naming the source when no installed ingestor recognizes it
   */
  public static Ingestor ingestorFor(IngestSource source) {
    byte[] head = source.head(64 * 1024);
    Ingestor best = null;
    int bestScore = 0;
    for (IngestorProvider p : registry().all(IngestorProvider.class)) {
      Ingestor i = p.create(ProviderConfig.empty());
      int s = i.recognize(head, source.name());
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    }
    if (best == null) {
      throw new IngestException(source.name(), 0, null, "no installed ingestor recognizes this source; installed: "
          + available(IngestorProvider.class));
    }
    return best;
  }

  /**
   * A categorizer by name.
   *
   * @param name e.g. {@code "rules"} or {@code "tfidf-gbm"}
   * @param config the options
   * @return the categorizer
   */
  public static Categorizer categorizer(String name, ProviderConfig config) {
    return create(CategorizerProvider.class, name, config);
  }

  /**
   * An anomaly detector by name.
   *
   * @param name e.g. {@code "robust-zscore"}
   * @param config the options
   * @return the detector
   */
  public static AnomalyDetector anomalyDetector(String name, ProviderConfig config) {
    return create(AnomalyDetectorProvider.class, name, config);
  }

  /**
   * A forecaster by name.
   *
   * @param name e.g. {@code "seasonal-naive"} or {@code "ets"}
   * @param config the options
   * @return the forecaster
   */
  public static Forecaster forecaster(String name, ProviderConfig config) {
    return create(ForecasterProvider.class, name, config);
  }

  /**
   * A consent ledger by name.
   *
   * @param name e.g. {@code "hash-chain"}
   * @param config the options
   * @return the ledger
   */
  public static ConsentLedger consentLedger(String name, ProviderConfig config) {
    return create(ConsentLedgerProvider.class, name, config);
  }
}
