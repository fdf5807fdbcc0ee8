package dev.pfms.api.io;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One saved model as read from its directory by {@link ModelDirectory#read}: the metadata and the
 * bytes of every file, read under the directory's shared lock and checked against the sizes and
 * SHA-256 sums that {@code metadata.json} records. So whatever a provider parses from it belongs
 * to one consistent save, even when another process saves to the same directory meanwhile.
 * Immutable and thread-safe.
 */
public final class SavedModel {

  private final Path directory;
  private final ModelMetadata metadata;
  private final ModelRef ref;
  private final Map<String, byte[]> files;
  private final boolean legacy;

  SavedModel(Path directory, ModelMetadata metadata, ModelRef ref, Map<String, byte[]> files, boolean legacy) {
    this.directory = directory;
    this.metadata = metadata;
    this.ref = ref;
    this.files = Map.copyOf(files);
    this.legacy = legacy;
  }

  /**
   * The directory it was read from.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * The metadata.
   *
   * @return the metadata
   */
  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * The reference to exactly this saved content.
   *
   * @return the reference
   */
  public ModelRef ref() {
    return ref;
  }

  /**
   * Whether it was written before the common format (a {@code tfidf-gbm} or {@code embedding-gbm}
   * directory of pfms 0.1): its files other than {@code model.bin} carry no checksum.
   *
   * @return true for a pfms 0.1 directory
   */
  public boolean legacy() {
    return legacy;
  }

  /**
   * The names of its files (without {@code metadata.json}).
   *
   * @return the names
   */
  public Set<String> files() {
    return files.keySet();
  }

  /**
   * Checks that this is a model the caller can read, and fails naming what differs otherwise.
   *
   * @param provider the provider that must have written it
   * @param kind the kind it must be
   * @param minFormat the oldest format version the caller reads
   * @param maxFormat the newest format version the caller reads
   * @return this
   * @throws ModelException when the provider, kind or format version differ
   */
  public SavedModel expect(String provider, ModelKind kind, int minFormat, int maxFormat) {
    if (!metadata.provider().equals(provider)) {
      throw new ModelException(directory + " holds a model of provider '" + metadata.provider() + "', not '"
          + provider + "'; load it with that provider");
    }
    if (metadata.kind() != kind) {
      throw new ModelException(directory + " holds a " + metadata.kind().id() + " model, not a " + kind.id()
          + " model");
    }
    int v = metadata.formatVersion();
    if (v < minFormat || v > maxFormat) {
      throw new ModelException(directory + " holds a '" + provider + "' model in format version " + v
          + ", but this pfms reads version " + (minFormat == maxFormat ? String.valueOf(maxFormat)
          : minFormat + " to " + maxFormat) + "; retrain it or use a matching pfms");
    }
    return this;
  }

  /**
   * One file's bytes.
   *
   * @param name the file name
   * @return a copy of the bytes
   * @throws ModelException when the model has no such file
   */
  public byte[] bytes(String name) {
    byte[] b = files.get(Objects.requireNonNull(name, "name"));
    if (b == null) {
      throw new ModelException(directory + " has no " + name + ": it is not a complete '" + metadata.provider()
          + "' model");
    }
    return b.clone();
  }

  /**
   * One file's bytes, if the model has it.
   *
   * @param name the file name
   * @return a copy of the bytes
   */
  public Optional<byte[]> find(String name) {
    byte[] b = files.get(Objects.requireNonNull(name, "name"));
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  /**
   * Bounded reading of one file.
   *
   * @param name the file name
   * @return the input
   * @throws ModelException when the model has no such file
   */
  public ModelInput input(String name) {
    byte[] b = files.get(Objects.requireNonNull(name, "name"));
    if (b == null) {
      throw new ModelException(directory + " has no " + name + ": it is not a complete '" + metadata.provider()
          + "' model");
    }
    return new ModelInput(directory.resolve(name).toString(), b);
  }

  /** Names the directory and provider, not the content. */
  @Override
  public String toString() {
    return "SavedModel[" + metadata.provider() + " v" + metadata.formatVersion() + " at " + directory + "]";
  }
}
