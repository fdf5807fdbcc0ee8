package dev.pfms.spark.internal;

import dev.pfms.api.ModelException;
import dev.pfms.spark.ModelLoader;
import dev.pfms.spark.ModelReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-JVM model cache: each (loader, provider, SHA-256) is fetched, checked and loaded once, by
 * the first task that needs it, and then shared by every task thread of the executor. Keyed by the
 * content hash, so two jobs with the same model share it and a changed model is a new entry; nothing
 * else is global. Models are never serialized: closures carry the {@link ModelReference}.
 */
public final class ExecutorModels {

  private static final ConcurrentHashMap<String, Object> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorModels() {}

  /**
   * The model for a reference, loading it on first use in this JVM.
   *
   * @param <T> the service type
   * @param reference where the model is
   * @param loader how to load it
   * @param type the service type
   * @return the shared service
   * @throws ModelException when the file's hash differs from the reference's (fail closed)
   */
  public static <T> T get(ModelReference reference, ModelLoader<T> loader, Class<T> type) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true"); // executors never download natives or models
    }
    String key = loader.getClass().getName() + '|' + reference.provider() + '|' + reference.sha256();
    Object m = MODELS.computeIfAbsent(key, k -> {
      LOADS.incrementAndGet();
      Path local = fetch(reference);
      String actual = ModelReference.sha256(local);
      if (!actual.equals(reference.sha256())) {
        throw new ModelException("the model file of " + reference + " has SHA-256 " + actual.substring(0, 12)
            + "…, not the referenced one: refusing to load it");
      }
      try {
        return loader.load(reference, local);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load " + reference + ": " + e.getMessage(), e);
      }
    });
    return type.cast(m);
  }

  /**
   * How many models this JVM has loaded (for tests and metrics).
   *
   * @return the count
   */
  public static int loads() {
    return LOADS.get();
  }

  private static Path fetch(ModelReference ref) {
    URI uri = ref.uri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return Path.of(uri.getScheme() == null ? URI.create("file:" + uri.getPath()) : uri);
    }
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(new org.apache.hadoop.conf.Configuration());
      Path local = Files.createTempFile("pfms-model-", ".bin");
      try (InputStream in = fs.open(p)) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      }
      local.toFile().deleteOnExit();
      return local;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch " + ref + ": " + e.getMessage(), e);
    }
  }
}
