package dev.pfms.api.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed, documented option a provider accepts.
 *
 * <p>Values arrive in a {@link ProviderConfig} either typed (e.g. an {@code Integer}) or as strings
 * (from a properties file or a command line) which the key's parser converts; a value that fails to
 * convert or validate is an {@link IllegalArgumentException} naming the key.
 *
 * @param <T> the value type
 * @param name the key, e.g. {@code "trees"}
 * @param type the value type
 * @param defaultValue the value when absent, or {@code null} when the key is required or has none
 * @param description one line for documentation and error messages
 * @param parser converts a string value; throws on bad input
 */
public record ConfigKey<T>(
    String name, Class<T> type, T defaultValue, String description, Function<String, T> parser) {

  /** Validates the fields. */
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parser, "parser");
  }

  /**
   * An integer option.
   *
   * @param name the key
   * @param defaultValue the default
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Integer> ofInt(String name, int defaultValue, String description) {
    return new ConfigKey<>(name, Integer.class, defaultValue, description, s -> Integer.valueOf(s.trim()));
  }

  /**
   * A floating-point option.
   *
   * @param name the key
   * @param defaultValue the default
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Double> ofDouble(String name, double defaultValue, String description) {
    return new ConfigKey<>(name, Double.class, defaultValue, description, s -> Double.valueOf(s.trim()));
  }

  /**
   * A boolean option ({@code true}/{@code false}).
   *
   * @param name the key
   * @param defaultValue the default
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Boolean> ofBoolean(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(name, Boolean.class, defaultValue, description, s -> {
      String v = s.trim();
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        return Boolean.valueOf(v);
      }
      throw new IllegalArgumentException("expected true or false");
    });
  }

  /**
   * A string option.
   *
   * @param name the key
   * @param defaultValue the default, or {@code null}
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<String> ofString(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, String.class, defaultValue, description, Function.identity());
  }

  /**
   * A file-system path option.
   *
   * @param name the key
   * @param defaultValue the default, or {@code null}
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Path> ofPath(String name, Path defaultValue, String description) {
    return new ConfigKey<>(name, Path.class, defaultValue, description, Path::of);
  }

  /**
   * A duration option (ISO-8601, e.g. {@code PT1H}).
   *
   * @param name the key
   * @param defaultValue the default, or {@code null}
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Duration> ofDuration(String name, Duration defaultValue, String description) {
    return new ConfigKey<>(name, Duration.class, defaultValue, description, Duration::parse);
  }

  /**
   * An option of any type that is only given programmatically (a clock, a store, a key handle).
   *
   * @param <T> the type
   * @param name the key
   * @param type the type
   * @param defaultValue the default, or {@code null}
   * @param description what it does
   * @return the key
   */
  public static <T> ConfigKey<T> ofObject(String name, Class<T> type, T defaultValue, String description) {
    return new ConfigKey<>(name, type, defaultValue, description, s -> {
      throw new IllegalArgumentException("must be given as a " + type.getSimpleName() + ", not as text");
    });
  }

  /** Returns the name and type. */
  @Override
  public String toString() {
    return name + " (" + type.getSimpleName() + ")";
  }
}
