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
 * convert, or falls outside the key's declared range, is an {@link IllegalArgumentException} naming
 * the key, raised when the service is created.
 *
 * <p><b>One key style.</b> Option names are lower-case kebab-case ({@code day-first},
 * {@code review-threshold}). A name declared or given in camelCase ({@code dayFirst}) is read as its
 * kebab-case form, so configurations written for pfms 0.1 keep working; listings and error
 * messages always show the canonical name ({@link #canonical(String)}).
 *
 * @param <T> the value type
 * @param name the key in kebab-case, e.g. {@code "trees"} or {@code "min-history"}
 * @param type the value type
 * @param defaultValue the value when absent, or {@code null} when the key is required or has none
 * @param description one line for documentation and error messages
 * @param parser converts a string value; throws on bad input
 * @param min the smallest accepted value, or {@code null} for no lower bound (comparable types only)
 * @param max the largest accepted value, or {@code null} for no upper bound (comparable types only)
 */
public record ConfigKey<T>(
    String name, Class<T> type, T defaultValue, String description, Function<String, T> parser, T min, T max) {

  /** Validates the fields and puts the name in its canonical form. */
  public ConfigKey {
    name = canonical(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parser, "parser");
    if ((min != null || max != null) && !Comparable.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("option '" + name + "': a range needs a comparable type, not " + type.getSimpleName());
    }
    if (min != null && max != null && compare(min, max) > 0) {
      throw new IllegalArgumentException("option '" + name + "': empty range [" + min + ", " + max + "]");
    }
    if (defaultValue != null && (min != null || max != null)) {
      String problem = rangeProblem(defaultValue, min, max);
      if (problem != null) {
        throw new IllegalArgumentException("option '" + name + "': default " + problem);
      }
    }
  }

  /**
   * A key without a range.
   *
   * @param name the key
   * @param type the value type
   * @param defaultValue the default, or {@code null}
   * @param description what it does
   * @param parser converts a string value
   */
  public ConfigKey(String name, Class<T> type, T defaultValue, String description, Function<String, T> parser) {
    this(name, type, defaultValue, description, parser, null, null);
  }

  /**
   * The canonical (kebab-case) form of an option name: {@code dayFirst} → {@code day-first},
   * {@code sample_size} → {@code sample-size}. Already canonical names are returned unchanged.
   *
   * @param name a name
   * @return its canonical form
   */
  public static String canonical(String name) {
    StringBuilder b = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && b.length() > 0 && b.charAt(b.length() - 1) != '-'
            && !(Character.isUpperCase(name.charAt(i - 1)) && (i + 1 >= name.length() || !Character.isLowerCase(name.charAt(i + 1))))) {
          b.append('-');
        }
        b.append(Character.toLowerCase(c));
      } else if (c == '_') {
        b.append('-');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * This key with a declared range, checked when the service is created.
   *
   * @param min the smallest accepted value, or {@code null}
   * @param max the largest accepted value, or {@code null}
   * @return a new key
   * @throws IllegalArgumentException when the type is not comparable, the range is empty, or the
   *     default is outside it
   */
  public ConfigKey<T> withRange(T min, T max) {
    return new ConfigKey<>(name, type, defaultValue, description, parser, min, max);
  }

  /**
   * Checks a converted value against the declared range.
   *
   * @param value the value
   * @return {@code null} when it is accepted, else what is wrong (e.g. {@code "0 is below the minimum 1"})
   */
  public String check(T value) {
    return value == null ? null : rangeProblem(value, min, max);
  }

  private static <T> String rangeProblem(T value, T min, T max) {
    if (min != null && compare(value, min) < 0) {
      return value + " is below the minimum " + min;
    }
    if (max != null && compare(value, max) > 0) {
      return value + " is above the maximum " + max;
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  /**
   * An integer option with a range.
   *
   * @param name the key
   * @param defaultValue the default
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Integer> ofInt(String name, int defaultValue, int min, int max, String description) {
    return ofInt(name, defaultValue, description).withRange(min, max);
  }

  /**
   * A floating-point option with a range.
   *
   * @param name the key
   * @param defaultValue the default
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @param description what it does
   * @return the key
   */
  public static ConfigKey<Double> ofDouble(String name, double defaultValue, double min, double max, String description) {
    return ofDouble(name, defaultValue, description).withRange(min, max);
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
    return new ConfigKey<>(name, Double.class, defaultValue, description, s -> {
      double d = Double.parseDouble(s.trim());
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("expected a finite number");
      }
      return d;
    });
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

  /** Returns the name, type and range; never a value (defaults of secrets are not shown). */
  @Override
  public String toString() {
    String range = min == null && max == null ? "" : " in [" + (min == null ? "" : min) + ", " + (max == null ? "" : max) + "]";
    return name + " (" + type.getSimpleName() + range + ")";
  }
}
