package dev.pfms.examples.cli;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.ModelRecord;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoredTransaction;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.examples.support.LocalKeys;
import dev.pfms.examples.support.Services;
import dev.pfms.store.ModelArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Loads the registry's active categorizer and applies it to stored transactions. */
final class ModelSupport {

  /** The registry name the CLI keeps its categorizer under. */
  static final String CATEGORIZER = "categorizer";

  private ModelSupport() {}

  /** A loaded registry model. */
  record Loaded(ModelRecord record, Categorizer categorizer) {}

  static Optional<Loaded> active(Store store, LocalKeys keys) throws IOException {
    Optional<ModelRecord> r = store.activeModel(CATEGORIZER);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Loaded(r.get(), load(store, r.get(), keys)));
  }

  /**
   * Loads a registry model: its files are sealed with the local keys (a plain or otherwise-keyed
   * model is refused), and the user's learned payee names from the store are applied when the
   * provider takes them.
   */
  static Categorizer load(Store store, ModelRecord r, LocalKeys keys) throws IOException {
    Path dir = Files.createTempDirectory("pfms-model");
    try (ModelDirectory.Protection sealed = ModelDirectory.protect(dir, keys.modelCipher())) {
      ModelArchives.unzip(store.modelBytes(r.name(), r.version()), dir);
      CategorizerProvider p = Pfms.registry().provider(CategorizerProvider.class, r.metadata().provider());
      return p.load(dir, Services.categorizerConfig(p, store.payeeMap(false)));
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Saves a trained categorizer into the registry, its files sealed with the local keys.
   *
   * @return the new (not yet active) record
   */
  static ModelRecord register(Store store, Categorizer categorizer, LocalKeys keys) throws IOException {
    Path dir = Files.createTempDirectory("pfms-model");
    try (ModelDirectory.Protection sealed = ModelDirectory.protect(dir, keys.modelCipher())) {
      categorizer.save(dir);
      return store.registerModel(CATEGORIZER, categorizer.metadata().orElseThrow(), ModelArchives.zip(dir));
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Categorizes the stored transactions that have no category yet with a model; user categories are
   * never touched.
   *
   * @return how many were categorized
   */
  static int categorizeUncategorized(Store store, Loaded model) {
    List<Transaction> todo = store.transactions().stream().filter(s -> s.categorySource() == null)
        .map(StoredTransaction::transaction).toList();
    if (todo.isEmpty()) {
      return 0;
    }
    List<Prediction> ps = model.categorizer().categorizeAll(todo);
    Map<String, Category> cats = new HashMap<>();
    for (int i = 0; i < todo.size(); i++) {
      cats.put(todo.get(i).id(), ps.get(i).category());
    }
    return store.categorize(cats, CategorySource.MODEL, model.record().label());
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
