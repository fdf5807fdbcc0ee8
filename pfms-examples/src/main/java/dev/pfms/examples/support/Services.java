package dev.pfms.examples.support;

import dev.pfms.api.Pfms;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.Provider;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks installed providers the way the CLI does (the preferred one, by priority), falling back to
 * the next one when the preferred cannot be created here (e.g. {@code embedding-gbm} without its
 * optional DJL artifacts).
 */
public final class Services {

  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private Services() {}

  /**
   * A service from the given provider name, or from the preferred installed provider that can be
   * created.
   *
   * @param <S> the service type
   * @param spi the SPI
   * @param name the provider name, or null for the preferred
   * @return the created service and its provider name
   */
  public static <S> Named<S> create(Class<? extends Provider<S>> spi, String name) {
    return create(spi, name, p -> ProviderConfig.empty());
  }

  /**
   * A forecaster for money-out series (spending): where the provider declares the
   * {@value #NON_NEGATIVE} option (the built-in {@code ets} and {@code seasonal-naive} do), it is
   * set, so that point forecasts and interval bounds never go below zero. A provider without the
   * option is used as it is.
   *
   * @param name the provider name, or null for the preferred
   * @return the created forecaster and its provider name
   */
  public static Named<Forecaster> spendingForecaster(String name) {
    return create(ForecasterProvider.class, name, p -> p.options().stream().anyMatch(k -> k.name().equals(NON_NEGATIVE))
        ? ProviderConfig.of(Map.of(NON_NEGATIVE, Boolean.TRUE)) : ProviderConfig.empty());
  }

  /**
   * A categorizer that applies the user's learned payee names before it categorizes, where the
   * provider declares the {@value #PAYEE_MAP} option (the built-in {@code stacked-gbm} does); a
   * provider without it is used as it is.
   *
   * @param name the provider name, or null for the preferred
   * @param payees the learned payees, or null for none
   * @return the created categorizer and its provider name
   */
  public static Named<dev.pfms.api.spi.Categorizer> categorizer(String name, dev.pfms.api.categorize.PayeeMap payees) {
    return create(dev.pfms.api.spi.CategorizerProvider.class, name, p -> categorizerConfig(p, payees));
  }

  /**
   * The options that hand a categorizer provider the learned payees, when it takes them.
   *
   * @param provider the provider
   * @param payees the learned payees, or null for none
   * @return the options
   */
  public static ProviderConfig categorizerConfig(dev.pfms.api.spi.Provider<?> provider,
      dev.pfms.api.categorize.PayeeMap payees) {
    return payees != null && provider.options().stream().anyMatch(k -> k.name().equals(PAYEE_MAP))
        ? ProviderConfig.of(Map.of(PAYEE_MAP, payees)) : ProviderConfig.empty();
  }

  /** The option name with which categorizers take a {@link dev.pfms.api.categorize.PayeeMap}. */
  public static final String PAYEE_MAP = "payee-map";

  /** The option name with which forecasters censor spending at zero. */
  public static final String NON_NEGATIVE = "non-negative";

  private static <S> Named<S> create(Class<? extends Provider<S>> spi, String name,
      Function<Provider<S>, ProviderConfig> config) {
    if (name != null) {
      Provider<S> p = Pfms.registry().provider(spi, name);
      return new Named<>(name, Pfms.create(spi, name, config.apply(p)));
    }
    PfmsException last = null;
    for (Provider<S> p : Pfms.registry().byPreference(spi)) {
      try {
        return new Named<>(p.name(), Pfms.create(spi, p.name(), config.apply(p)));
      } catch (PfmsException e) {
        log.info("{} provider {} is not usable here ({}); trying the next", spi.getSimpleName(), p.name(),
            e.getClass().getSimpleName());
        last = e;
      }
    }
    throw new IllegalStateException("no usable " + spi.getSimpleName() + " is installed", last);
  }

  /**
   * Labelled transactions to bootstrap a categorizer when the user has none: 12 months of the
   * seeded synthetic generator (the same bootstrap as {@code pfms analyze}).
   *
   * @return the labelled transactions
   */
  public static List<Transaction> bootstrapTrainingSet() {
    List<Transaction> out = new ArrayList<>();
    for (SampleRow r : SampleGenerator.builder().seed(1).months(12).build().generate()) {
      out.add(r.transaction());
    }
    return out;
  }

  /**
   * A service with the name of the provider that made it.
   *
   * @param <S> the service type
   * @param name the provider name
   * @param service the service
   */
  public record Named<S>(String name, S service) {}
}
