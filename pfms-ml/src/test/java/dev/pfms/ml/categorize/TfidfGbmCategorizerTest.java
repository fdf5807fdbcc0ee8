package dev.pfms.ml.categorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.ModelException;
import dev.pfms.api.Pfms;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.TckData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfidfGbmCategorizerTest {

  private static final Category FUEL = Category.of("TRANSPORTATION_FUEL");
  private static final Category GIFTS = Category.of("GENERAL_MERCHANDISE_GIFTS");
  private static List<Transaction> data;

  @BeforeAll
  static void data() {
    data = TckData.labelled(20, 5);
  }

  private static Categorizer create(Map<String, ?> options) {
    return Pfms.categorizer("tfidf-gbm", ProviderConfig.of(options));
  }

  private static Transaction tx(String description, String amount) {
    return TckData.tx(description, amount, LocalDate.of(2025, 8, 4));
  }

  @Test
  void isDiscoveredWithPriorityTenAndRejectsUnknownOptions() {
    CategorizerProvider p = (CategorizerProvider) Pfms.registry().provider(CategorizerProvider.class, "tfidf-gbm");
    assertThat(p.priority()).isEqualTo(10);
    assertThatThrownBy(() -> create(Map.of("treez", "3"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("treez");
    assertThatThrownBy(() -> create(Map.of("reviewThreshold", "1.5"))).hasMessageContaining("review-threshold");
  }

  @Test
  void theSplitSearchIsAnOptionHistogramByDefault() {
    assertThat(TfidfGbmProvider.settings(ProviderConfig.builder().build()).gbm().splits())
        .isEqualTo(dev.pfms.ml.gbm.GbmOptions.Splits.HISTOGRAM);
    assertThat(TfidfGbmProvider.settings(ProviderConfig.builder().set("splits", "exact").build()).gbm().splits())
        .isEqualTo(dev.pfms.ml.gbm.GbmOptions.Splits.EXACT);
    assertThatThrownBy(() -> TfidfGbmProvider.settings(ProviderConfig.builder().set("splits", "binned").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splits");
  }

  @Test
  void untrainedCategorizerFailsClearly() {
    Categorizer c = create(Map.of("cascade", "false"));
    assertThatThrownBy(() -> c.categorize(tx("SHELL OIL 1", "-50.00"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("not been trained");
    assertThatThrownBy(() -> c.save(Path.of("unused"))).isInstanceOf(ModelException.class);
  }

  @Test
  void aCorrectionChangesThePredictionForThatMerchantAtOnce() {
    Categorizer c = create(Map.of());
    c.train(data);
    assertThat(c.categorize(tx("SHELL OIL 4242", "-51.00")).category()).isEqualTo(FUEL);
    c.correct(tx("SHELL OIL 1111", "-49.00"), GIFTS);
    Prediction after = c.categorize(tx("SHELL OIL 4242", "-51.00"));
    assertThat(after.category()).isEqualTo(GIFTS);
    assertThat(after.model()).isEqualTo(ModelCategorizer.CORRECTION_MODEL);
    assertThat(after.needsReview()).isFalse();
    // other fuel merchants are still the model's
    Prediction bp = c.categorize(tx("BP EXPRESS 77 GB", "-61.00"));
    assertThat(bp.category()).isEqualTo(FUEL);
    assertThat(bp.model()).isEqualTo("tfidf-gbm");
  }

  @Test
  void correctionsAreKeptInAJsonLinesFileAndEveryOneJoinsEveryRetrain(@TempDir Path dir) {
    Path file = dir.resolve("corrections.jsonl");
    Categorizer c = create(Map.of("corrections", file.toString(), "cascade", "false"));
    ModelMetadata first = c.train(data);
    assertThat(first.labels()).doesNotContain(GIFTS.code());
    c.correct(tx("GIFT SHOP ONE", "-20.00"), GIFTS);
    ModelMetadata second = c.retrain();
    c.correct(tx("GIFT SHOP TWO", "-25.00"), GIFTS);
    c.correct(tx("GIFT SHOP THREE", "-30.00"), GIFTS);
    ModelMetadata third = c.retrain();
    assertThat(second.trainingSize()).isEqualTo(data.size() + 1);
    assertThat(third.trainingSize()).isEqualTo(data.size() + 3);
    assertThat(third.labels()).contains(GIFTS.code());
    assertThat(third.trainingHash()).isNotEqualTo(first.trainingHash());

    // a new process with the same file loses nothing
    Categorizer restarted = create(Map.of("corrections", file.toString(), "cascade", "false"));
    assertThat(restarted.train(data).trainingSize()).isEqualTo(data.size() + 3);
    assertThat(restarted.categorize(tx("GIFT SHOP THREE", "-30.00")).category()).isEqualTo(GIFTS);
  }

  @Test
  void aCorrectionOfATrainingTransactionReplacesItsLabel() {
    Categorizer c = create(Map.of("cascade", "false"));
    c.train(data);
    Transaction first = data.get(0);
    c.correct(first.withCategory(null), GIFTS);
    ModelMetadata m = c.retrain();
    assertThat(m.trainingSize()).isEqualTo(data.size());
    assertThat(m.labels()).contains(GIFTS.code());
  }

  @Test
  void predictionsCarryTopThreeAlternativesAndTheTokensThatDroveThem() {
    Categorizer c = create(Map.of("cascade", "false"));
    c.train(data);
    Prediction p = c.categorize(tx("STARBUCKS STORE #9001", "-3.40"));
    assertThat(p.category()).isEqualTo(Category.of("FOOD_AND_DRINK_COFFEE"));
    assertThat(p.model()).isEqualTo("tfidf-gbm");
    assertThat(p.alternatives()).hasSize(3);
    assertThat(p.alternatives()).extracting(ScoredCategory::probability)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a))
        .allSatisfy(q -> assertThat(q).isLessThanOrEqualTo(p.confidence()));
    double total = p.confidence() + p.alternatives().stream().mapToDouble(ScoredCategory::probability).sum();
    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.explanation()).isNotEmpty();
    assertThat(String.join(" ", p.explanation())).containsAnyOf("starbucks", "sta", "tar", "buck", "amount");
  }

  @Test
  void belowTheReviewThresholdAPredictionNeedsReview() {
    double threshold = 0.95;
    Categorizer strict = create(Map.of("cascade", "false", "reviewThreshold", Double.toString(threshold)));
    strict.train(data);
    List<Transaction> probes = new java.util.ArrayList<>(TckData.labelled(3, 77));
    probes.add(tx("UNKNOWN THING", "-50.00"));
    probes.add(tx("MYSTERY", "-30.00"));
    int flagged = 0;
    for (Prediction p : strict.categorizeAll(probes)) {
      assertThat(p.needsReview()).isEqualTo(p.confidence() < threshold);
      assertThat(p.explanation().get(0).startsWith("needs review: confidence")).isEqualTo(p.needsReview());
      flagged += p.needsReview() ? 1 : 0;
    }
    assertThat(flagged).as("an unknown merchant at an ambiguous amount is not confidently categorized")
        .isPositive();
    Categorizer lax = create(Map.of("cascade", "false", "reviewThreshold", "0.0"));
    lax.train(data);
    assertThat(lax.categorizeAll(probes)).noneMatch(Prediction::needsReview);
  }

  @Test
  void savesMetadataJsonWithProviderHashSizeLabelsMetricsAndCreatedAt(@TempDir Path dir) throws Exception {
    Categorizer c = create(Map.of());
    ModelMetadata m = c.train(data);
    c.save(dir);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("metadata.json").toFile());
    assertThat(json.get("provider").asText()).isEqualTo("tfidf-gbm");
    assertThat(json.get("formatVersion").asInt()).isEqualTo(2);
    assertThat(json.get("trainingHash").asText()).isEqualTo(m.trainingHash()).hasSize(64);
    assertThat(json.get("trainingSize").asInt()).isEqualTo(data.size());
    assertThat(json.get("labels")).hasSize(4);
    assertThat(json.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(json.get("metrics").has("temperature")).isTrue();
    assertThat(json.get("createdAt").asText()).isNotBlank();
    assertThat(json.get("parameters").get("trees").asText()).isEqualTo("20");
    assertThat(dir.resolve("model.bin")).isRegularFile();
    assertThat(json.get("files").get("model.bin").get("sha256").asText()).hasSize(64);
    assertThat(dir.resolve("training.jsonl")).as("no plaintext training data beside the model").doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("metadata.json", "model.bin");
    }
    byte[] bin = Files.readAllBytes(dir.resolve("model.bin"));
    String text = new String(bin, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (Transaction t : data) {
      assertThat(text).as("a raw description is not in the model").doesNotContain(t.description());
    }
  }

  @Test
  void loadingFailsClearlyOnAnotherProviderAnotherVersionOrATamperedModel(@TempDir Path dir) throws Exception {
    Categorizer c = create(Map.of("cascade", "false"));
    c.train(data);
    c.save(dir);
    TfidfGbmProvider p = new TfidfGbmProvider();
    ObjectMapper om = new ObjectMapper();
    Path meta = dir.resolve("metadata.json");
    String original = Files.readString(meta);

    ObjectNode other = (ObjectNode) om.readTree(original);
    other.put("provider", "embedding-gbm");
    Files.writeString(meta, om.writeValueAsString(other));
    assertThatThrownBy(() -> p.load(dir, ProviderConfig.empty())).isInstanceOf(ModelException.class)
        .hasMessageContaining("provider 'embedding-gbm'");

    ObjectNode version = (ObjectNode) om.readTree(original);
    version.put("formatVersion", 99);
    Files.writeString(meta, om.writeValueAsString(version));
    assertThatThrownBy(() -> p.load(dir, ProviderConfig.empty())).isInstanceOf(ModelException.class)
        .hasMessageContaining("format version 99");

    Files.writeString(meta, original);
    byte[] model = Files.readAllBytes(dir.resolve("model.bin"));
    model[model.length / 2] ^= 1;
    Files.write(dir.resolve("model.bin"), model);
    assertThatThrownBy(() -> p.load(dir, ProviderConfig.empty())).isInstanceOf(ModelException.class)
        .hasMessageContaining("SHA-256");

    assertThatThrownBy(() -> p.load(dir.resolve("nothing"), ProviderConfig.empty()))
        .isInstanceOf(ModelException.class).hasMessageContaining("nothing");
  }

  @Test
  void aLoadedModelPredictsTheSameKeepsCorrectionsInItsStoreAndRetrainsOnlyOnGivenData(@TempDir Path dir)
      throws Exception {
    Path corrections = dir.resolve("corrections.jsonl");
    Categorizer c = create(Map.of("corrections", corrections.toString()));
    c.train(data);
    c.correct(tx("SHELL OIL 1111", "-49.00"), GIFTS);
    ModelMetadata before = c.retrain();
    Path model = dir.resolve("model");
    c.save(model);
    Categorizer loaded = new TfidfGbmProvider().load(model, ProviderConfig.of(Map.of("corrections", corrections.toString())));
    assertThat(loaded.metadata()).contains(before);
    assertThat(loaded.categorize(tx("SHELL OIL 4242", "-51.00")).category()).isEqualTo(GIFTS);
    assertThat(loaded.categorize(tx("BP EXPRESS 77 GB", "-61.00")).confidence())
        .isEqualTo(c.categorize(tx("BP EXPRESS 77 GB", "-61.00")).confidence());
    assertThatThrownBy(loaded::retrain).isInstanceOf(ModelException.class).hasMessageContaining("train(labelled)");
    ModelMetadata after = loaded.train(data);
    assertThat(after.trainingSize()).isEqualTo(before.trainingSize());
    assertThat(after.trainingHash()).isEqualTo(before.trainingHash());
  }
}
