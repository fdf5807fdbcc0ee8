package dev.pfms.api.categorize;

import dev.pfms.api.ModelException;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saving and loading model directories for {@link ModelCategorizer} through the shared saved-model
 * format ({@link ModelDirectory}: one {@code metadata.json} writer/reader, per-file size and SHA-256,
 * atomic locked saves, bounded verified reads), plus what is categorizer-specific: the model writes
 * its files into a staging directory, and decoding failures of any kind become
 * {@link ModelException}s.
 */
final class SavedModels {

  static final long DEFAULT_MAX_BYTES = 1L << 30;
  private static final Logger LOG = LoggerFactory.getLogger(SavedModels.class);
  /** Files that pfms 0.1 wrote beside the model and this version neither writes nor reads. */
  private static final List<String> LEGACY = List.of("training.jsonl");

  private SavedModels() {}

  static void save(Path dir, CategorizerModel model) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Files.createDirectories(abs.getParent());
    Map<String, ModelDirectory.Content> direct = model.files();
    if (direct != null) {
      for (String name : direct.keySet()) {
        if (name.equals(ModelMetadata.FILE_NAME) || name.isEmpty() || name.contains("/") || name.contains("\\")
            || name.startsWith(".")) {
          throw new ModelException("a model's files must be plain names other than " + ModelMetadata.FILE_NAME
              + ", not '" + name + "'");
        }
      }
      ModelDirectory.save(abs, model.metadata(), new LinkedHashMap<>(direct));
      return;
    }
    if (ModelDirectory.protection(abs).isPresent()) {
      LOG.warn("{} is sealed, but its model ({}) offers no files(): it is staged in plaintext beside it while saving",
          abs, model.metadata().provider());
    }
    Path stage = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".stage-");
    try {
      model.save(stage);
      Map<String, ModelDirectory.Content> files = new LinkedHashMap<>();
      try (Stream<Path> s = Files.list(stage)) {
        for (Path f : s.sorted().toList()) {
          String name = f.getFileName().toString();
          if (name.equals(ModelMetadata.FILE_NAME) || !Files.isRegularFile(f)) {
            throw new ModelException("a model must write plain files other than " + ModelMetadata.FILE_NAME
                + ", not " + name);
          }
          files.put(name, out -> Files.copy(f, out));
        }
      }
      ModelDirectory.save(abs, model.metadata(), files);
    } finally {
      try (Stream<Path> s = Files.list(stage)) {
        for (Path f : s.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(stage);
    }
  }

  static ModelMetadata readMetadata(Path dir) throws IOException {
    return ModelDirectory.read(dir).metadata();
  }

  static CategorizerModel load(Path dir, CategorizerTrainer trainer, long maxBytes) throws IOException {
    SavedModel saved = ModelDirectory.read(dir)
        .expect(trainer.provider(), ModelKind.CATEGORIZER, trainer.oldestFormatVersion(), trainer.formatVersion());
    Path abs = saved.directory();
    long total = 0;
    for (String f : saved.files()) {
      total += Files.size(abs.resolve(f));
    }
    if (total > maxBytes) {
      throw new ModelException(dir + " holds " + total + " bytes, more than the " + maxBytes
          + " a model may have (ModelCategorizer.Builder.maxModelBytes)");
    }
    for (String legacy : LEGACY) {
      if (Files.exists(abs.resolve(legacy))) {
        LOG.warn("{} holds {} written by an older pfms, which keeps training data in plaintext; it is not read."
            + " Save the model again to replace the directory without it", abs, legacy);
      }
    }
    try {
      CategorizerModel m = trainer.load(saved);
      if (m == null) {
        throw new ModelException(trainer.provider() + " loaded no model from " + dir);
      }
      return m;
    } catch (ModelException e) {
      throw e;
    } catch (EOFException | UTFDataFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
      // a provider's own JSON or DataInput stream ended early or holds invalid text
      throw new ModelException(dir + ": saved model is truncated or corrupt: " + e, e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // NegativeArraySizeException, ClassCastException, IndexOutOfBounds…: bad bytes, not a bug to surface raw
      throw new ModelException(dir + ": saved model is corrupt (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
