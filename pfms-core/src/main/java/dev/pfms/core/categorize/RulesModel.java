package dev.pfms.core.categorize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fitted part of the {@code rules} provider: merchant rules learned from training data where a
 * merchant's label is unanimous. Immutable. Saved as {@code rules.json}: normalized merchant key to
 * category code — no descriptions, amounts, dates or accounts.
 */
final class RulesModel implements CategorizerModel {

  static final String PROVIDER = "rules";
  static final int FORMAT_VERSION = 1;
  static final String FILE = "rules.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Category> learned;
  private final ModelMetadata metadata;

  RulesModel(Map<String, Category> learned, ModelMetadata metadata) {
    this.learned = Map.copyOf(learned);
    this.metadata = metadata;
  }

  @Override
  public Prediction predict(Transaction t) {
    Category c = learned.get(t.merchant());
    if (c != null) {
      return new Prediction(c, 0.99, List.of(), List.of("every training example of merchant " + t.merchant()
          + " is " + c.code()), false, PROVIDER);
    }
    return new Prediction(Category.UNCATEGORIZED, 0.0, List.of(), List.of("no rule matches merchant " + t.merchant()),
        true, PROVIDER);
  }

  @Override
  public List<Prediction> predict(List<Transaction> transactions) {
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      out.add(predict(t));
    }
    return out;
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  Map<String, Category> learned() {
    return learned;
  }

  @Override
  public void save(Path directory) throws IOException {
    Files.write(directory.resolve(FILE), bytes());
  }

  /** The rules file as a writer: a sealed save streams it into memory, never to disk in plaintext. */
  @Override
  public java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
    return java.util.Map.of(FILE, out -> out.write(bytes()));
  }

  private byte[] bytes() throws IOException {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode rules = n.putObject("learned");
    new TreeMap<>(learned).forEach((m, c) -> rules.put(m, c.code()));
    return JSON.writeValueAsBytes(n);
  }

  /** Fits and reads {@link RulesModel}s. */
  static final class Trainer implements CategorizerTrainer {
    private final boolean learnFromTraining;
    private final int minExamples;

    Trainer(boolean learnFromTraining, int minExamples) {
      this.learnFromTraining = learnFromTraining;
      this.minExamples = minExamples;
    }

    @Override
    public String provider() {
      return PROVIDER;
    }

    @Override
    public int formatVersion() {
      return FORMAT_VERSION;
    }

    private Map<String, String> parameters() {
      return Map.of("learnFromTraining", String.valueOf(learnFromTraining), "minExamples", String.valueOf(minExamples));
    }

    @Override
    public Optional<CategorizerModel> initial() {
      return Optional.of(new RulesModel(Map.of(), new ModelMetadata(PROVIDER, FORMAT_VERSION, TrainingData.hash(List.of()),
          0, List.of(), Map.of("learnedRules", 0.0), Instant.now(), parameters())));
    }

    @Override
    public CategorizerModel fit(TrainingData data) {
      Map<String, Category> rules = new HashMap<>();
      if (learnFromTraining) {
        Map<String, Map<Category, Integer>> counts = new HashMap<>();
        for (Transaction t : data.examples()) {
          counts.computeIfAbsent(t.merchant(), k -> new HashMap<>()).merge(t.category(), 1, Integer::sum);
        }
        counts.forEach((merchant, byCat) -> {
          if (byCat.size() == 1 && !merchant.isBlank()) {
            Map.Entry<Category, Integer> e = byCat.entrySet().iterator().next();
            if (e.getValue() >= minExamples) {
              rules.put(merchant, e.getKey());
            }
          }
        });
      }
      ModelMetadata m = new ModelMetadata(PROVIDER, FORMAT_VERSION, data.trainingHash(), data.size(), data.labels(),
          Map.of("learnedRules", (double) rules.size(), "corrections", (double) data.correctionCount()), Instant.now(),
          parameters());
      return new RulesModel(rules, m);
    }

    @Override
    public CategorizerModel load(dev.pfms.api.io.SavedModel saved) throws IOException {
      Path directory = saved.directory();
      ModelMetadata metadata = saved.metadata();
      Path f = directory.resolve(FILE);
      // the bytes the saved-model reader verified (and opened, when sealed)
      JsonNode n = JSON.readTree(saved.find(FILE).orElseThrow(
          () -> new ModelException(directory + " holds no rules model (" + FILE + " is missing)")));
      JsonNode learned = n == null ? null : n.get("learned");
      if (learned == null || !learned.isObject()) {
        throw new ModelException(f + ": no 'learned' object");
      }
      Map<String, Category> rules = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = learned.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new ModelException(f + ": rule for merchant is not a category code");
        }
        rules.put(e.getKey(), Category.of(e.getValue().asText()));
      }
      return new RulesModel(rules, metadata);
    }
  }
}
