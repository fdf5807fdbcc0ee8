package dev.pfms.api.io;

import dev.pfms.api.ModelException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to one saved model: where it is and the SHA-256 of its {@code metadata.json}. Since
 * {@code metadata.json} records the size and SHA-256 of every other file of the model, the hash pins
 * the whole saved model: {@link ModelDirectory#read(ModelRef)} refuses a directory whose content is
 * not exactly the one referenced (a later save, a torn copy, a tampered file). This is what a model
 * registry keeps and what a worker process loads, once, by reference.
 *
 * <p>Written as text {@code <uri>#sha256=<hex>} ({@link #toString}, {@link #parse}). Only
 * {@code file:} locations are read here; a store of another kind copies the model to a local
 * directory first. Immutable value.
 *
 * @param location the model directory, an absolute URI (e.g. {@code file:/var/pfms/models/m1/})
 * @param sha256 lower-case hex SHA-256 of the directory's {@code metadata.json}
 */
public record ModelRef(URI location, String sha256) {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final String FRAGMENT = "#sha256=";

  /** Validates the fields. */
  public ModelRef {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(sha256, "sha256");
    if (!location.isAbsolute()) {
      throw new IllegalArgumentException("model location must be an absolute URI: " + location);
    }
    if (location.getFragment() != null) {
      throw new IllegalArgumentException("model location must not have a fragment: " + location);
    }
    if (!HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
  }

  /**
   * A reference to a model directory on this machine.
   *
   * @param directory the model directory
   * @param sha256 the SHA-256 of its {@code metadata.json}
   * @return the reference
   */
  public static ModelRef of(Path directory, String sha256) {
    return new ModelRef(directory.toAbsolutePath().normalize().toUri(), sha256);
  }

  /**
   * Parses the text form {@code <uri>#sha256=<hex>}.
   *
   * @param text the text
   * @return the reference
   * @throws IllegalArgumentException when the text is not one
   */
  public static ModelRef parse(String text) {
    int at = text.lastIndexOf(FRAGMENT);
    if (at < 0) {
      throw new IllegalArgumentException("not a model reference (expected <uri>#sha256=<hex>): " + text);
    }
    return new ModelRef(URI.create(text.substring(0, at)), text.substring(at + FRAGMENT.length()));
  }

  /**
   * The local directory this reference points to.
   *
   * @return the path
   * @throws ModelException when the location is not a {@code file:} URI
   */
  public Path path() {
    if (!"file".equalsIgnoreCase(location.getScheme())) {
      throw new ModelException("cannot read a model from " + location.getScheme() + ": locations; copy it to a "
          + "local directory and reference that (file:)");
    }
    return Path.of(location);
  }

  /** The text form {@code <uri>#sha256=<hex>}, parseable by {@link #parse}. */
  @Override
  public String toString() {
    return location + FRAGMENT + sha256;
  }
}
