package dev.pfms.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Turns a fetched, hash-checked model file into a service. Runs once per executor JVM and model
 * (see {@link ModelLoaders}); the service it returns is shared by every task thread of that JVM, so
 * it must be thread-safe (every pfms service is). A loader is serializable and must hold no model:
 * Spark ships it inside the closure.
 *
 * @param <T> the service type
 */
@FunctionalInterface
public interface ModelLoader<T> extends Serializable {

  /**
   * Loads the model.
   *
   * @param reference the reference (provider name, URI, hash)
   * @param file a local copy of the file whose SHA-256 matched
   * @return the service
   * @throws IOException when the file cannot be read
   */
  T load(ModelReference reference, Path file) throws IOException;
}
