package dev.pfms.api.spi;

import java.util.List;

/**
 * What every pfms provider is: a cheap, stateless, no-argument factory found by
 * {@link java.util.ServiceLoader}, which creates a configured, stateful service.
 *
 * <p>A provider must not load models, open files or start threads in its constructor or in
 * {@link #name()}; all of that happens in {@link #create(ProviderConfig)}. Providers are registered
 * under their SPI interface (e.g. {@link CategorizerProvider}) in {@code META-INF/services} and in
 * {@code module-info.java}.
 *
 * @param <S> the service type
 */
public interface Provider<S> {

  /**
   * The unique name users select this provider by, e.g. {@code "csv"} or {@code "tfidf-gbm"}.
   * Lower case, digits and hyphens.
   *
   * @return the name
   */
  String name();

  /**
   * One line saying what this provider does and what it needs.
   *
   * @return the description
   */
  String description();

  /**
   * The options this provider accepts. Any other key is rejected before {@link #create} is called.
   *
   * @return the declared keys
   */
  default List<ConfigKey<?>> options() {
    return List.of();
  }

  /**
   * Which provider to prefer when the caller does not name one: higher wins. Core baselines use 0,
   * ML providers 10 and more.
   *
   * @return the priority
   */
  default int priority() {
    return 0;
  }

  /**
   * Creates a service. The configuration has been validated against {@link #options()}.
   *
   * @param config the options
   * @return a new service, thread-safe after construction
   */
  S create(ProviderConfig config);
}
