package dev.pfms.api.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options for creating a service from a provider. Immutable and thread-safe.
 *
 * <p>Values are read through the provider's {@link ConfigKey}s, which convert strings and apply
 * defaults. Before a provider creates its service, {@link #validate(String, Collection)} rejects any
 * key the provider does not declare, so a misspelt option fails at once instead of being ignored.
 * Names are canonical kebab-case ({@link ConfigKey#canonical}); a camelCase name given here is
 * read as its kebab-case form. Values are converted and checked against each key's declared range
 * at validation, with one message format: {@code provider 'P', option 'K': …}.
 * {@code toString()} lists keys only: values can be secrets.
 */
public final class ProviderConfig {

  private static final ProviderConfig EMPTY = new ProviderConfig(Map.of());

  private final Map<String, Object> values;

  private ProviderConfig(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * A configuration with no options: every key takes its default.
   *
   * @return the empty configuration
   */
  public static ProviderConfig empty() {
    return EMPTY;
  }

  /**
   * A configuration from string values, e.g. parsed from a properties file.
   *
   * @param values option names to values
   * @return the configuration
   */
  public static ProviderConfig of(Map<String, ?> values) {
    Builder b = builder();
    values.forEach(b::set);
    return b.build();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The value of a key: the given value converted to the key's type, or the key's default.
   *
   * @param <T> the value type
   * @param key the key
   * @return the value, or the default (which may be {@code null})
   * @throws IllegalArgumentException naming the key when the value cannot be converted
   */
  public <T> T get(ConfigKey<T> key) {
    Object v = values.get(key.name());
    if (v == null) {
      return key.defaultValue();
    }
    if (key.type().isInstance(v)) {
      return key.type().cast(v);
    }
    if (v instanceof String s) {
      try {
        return key.parser().apply(s);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("option '" + key.name() + "': cannot read \"" + s + "\" as "
            + key.type().getSimpleName() + " (" + key.description() + ")", e);
      }
    }
    if (key.type() == Double.class && v instanceof Number n) {
      return key.type().cast(n.doubleValue());
    }
    if (key.type() == Integer.class && v instanceof Number n && n.doubleValue() == n.intValue()) {
      return key.type().cast(n.intValue());
    }
    throw new IllegalArgumentException("option '" + key.name() + "': expected " + key.type().getSimpleName()
        + " but got " + v.getClass().getSimpleName());
  }

  /**
   * The value of a key with no default, failing when absent.
   *
   * @param <T> the value type
   * @param key the key
   * @return the value
   * @throws IllegalArgumentException naming the key when it is absent
   */
  public <T> T require(ConfigKey<T> key) {
    T v = get(key);
    if (v == null) {
      throw new IllegalArgumentException("option '" + key.name() + "' is required: " + key.description());
    }
    return v;
  }

  /**
   * The value of a key, when set or defaulted.
   *
   * @param <T> the value type
   * @param key the key
   * @return the value
   */
  public <T> Optional<T> find(ConfigKey<T> key) {
    return Optional.ofNullable(get(key));
  }

  /**
   * The keys that are set.
   *
   * @return the names
   */
  public Set<String> keys() {
    return new TreeSet<>(values.keySet());
  }

  /**
   * Checks that every key set is one the provider declares, and that every value converts.
   *
   * @param provider the provider name, for the message
   * @param declared the provider's keys
   * @return this
   * @throws IllegalArgumentException naming the unknown key and listing the known ones
   */
  public ProviderConfig validate(String provider, Collection<? extends ConfigKey<?>> declared) {
    Set<String> known = new TreeSet<>();
    for (ConfigKey<?> k : declared) {
      known.add(k.name());
    }
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("provider '" + provider + "' has no option '" + k + "'; it accepts "
            + (known.isEmpty() ? "no options" : known));
      }
    }
    for (ConfigKey<?> k : declared) {
      checkRange(provider, k);
    }
    return this;
  }

  private <T> void checkRange(String provider, ConfigKey<T> key) {
    T v;
    try {
      v = get(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("provider '" + provider + "', " + e.getMessage(), e);
    }
    String problem = key.check(v);
    if (problem != null) {
      throw new IllegalArgumentException("provider '" + provider + "', option '" + key.name() + "': " + problem);
    }
  }

  /**
   * A copy with one more value.
   *
   * @param key the key name
   * @param value the value
   * @return the new configuration
   */
  public ProviderConfig with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.put(ConfigKey.canonical(Objects.requireNonNull(key, "key")), Objects.requireNonNull(value, "value"));
    return new ProviderConfig(Map.copyOf(m));
  }

  /** Lists the keys only; values may be secrets. */
  @Override
  public String toString() {
    return "ProviderConfig" + List.copyOf(keys());
  }

  /** Builds a {@link ProviderConfig}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets a value by key.
     *
     * @param <T> the type
     * @param key the key
     * @param value the value
     * @return this
     */
    public <T> Builder set(ConfigKey<T> key, T value) {
      values.put(key.name(), Objects.requireNonNull(value, key.name()));
      return this;
    }

    /**
     * Sets a value by name (typed or as a string).
     *
     * @param key the key name
     * @param value the value
     * @return this
     */
    public Builder set(String key, Object value) {
      values.put(ConfigKey.canonical(Objects.requireNonNull(key, "key")), Objects.requireNonNull(value, key));
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public ProviderConfig build() {
      return new ProviderConfig(Map.copyOf(values));
    }
  }
}
