package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.TckData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackedGbmBehaviourTest {

  private static Categorizer trained(Map<String, String> options, List<Transaction> data) {
    Map<String, String> o = new java.util.HashMap<>(options);
    o.putIfAbsent("embeddings", "off");
    Categorizer c = new StackedGbmProvider().create(ProviderConfig.of(o));
    c.train(data);
    return c;
  }

  @Test
  void aMerchantUnlikeAnythingInTrainingNeedsReviewAndIsNotCertain() {
    Categorizer c = trained(Map.of(), TckData.labelled(24, 1));
    for (String unseen : List.of("CRYPTO EXCHANGE BINANCE", "LUXURY WATCHES GENEVA", "ONLINE CASINO MALTA")) {
      Prediction p = c.categorize(TckData.tx(unseen, "-2500.00", LocalDate.of(2025, 3, 3)));
      assertThat(p.needsReview()).as(unseen).isTrue();
      assertThat(p.confidence()).as(unseen).isLessThanOrEqualTo(0.5);
      assertThat(p.explanation().get(0)).contains("unlike any labelled transaction");
    }
  }

  @Test
  void aKnownMerchantIsCategorizedWithoutReviewAndExplained() {
    List<Transaction> data = TckData.labelled(24, 1);
    Categorizer c = trained(Map.of(), data);
    for (Transaction t : TckData.labelled(3, 99)) {
      Prediction p = c.categorize(t.withCategory(null));
      assertThat(p.category()).isEqualTo(t.category());
      assertThat(p.needsReview()).isFalse();
      assertThat(p.model()).isEqualTo("stacked-gbm");
      assertThat(String.join(" | ", p.explanation())).contains("nearest labelled transaction");
    }
  }

  @Test
  void fallsBackToThePrimaryCategoryOnlyWhenTheDetailedOneIsUnsureAndThePrimaryIsSure() {
    Category coffee = Category.of("FOOD_AND_DRINK_COFFEE");
    assertThat(StackedModel.fallsBackToPrimary(true, coffee, 0.45, 0.90, 0.5)).isTrue();
    assertThat(StackedModel.fallsBackToPrimary(true, coffee, 0.55, 0.90, 0.5)).isFalse();
    assertThat(StackedModel.fallsBackToPrimary(true, coffee, 0.30, 0.40, 0.5)).isFalse();
    assertThat(StackedModel.fallsBackToPrimary(false, coffee, 0.45, 0.90, 0.5)).isFalse();
    assertThat(StackedModel.fallsBackToPrimary(true, new Category("FOOD_AND_DRINK", "FOOD_AND_DRINK"), 0.45,
        0.90, 0.5)).isFalse();
  }

  @Test
  void anAmbiguousMerchantKeepsItsPrimaryGroupAndTheExplanationNamesBothLevels() {
    List<Transaction> data = new ArrayList<>(TckData.labelled(12, 1));
    Category fastFood = Category.of("FOOD_AND_DRINK_FAST_FOOD");
    Category restaurant = Category.of("FOOD_AND_DRINK_RESTAURANT");
    for (int i = 0; i < 12; i++) {
      // the same merchant and amount are labelled fast food half the time and restaurant the other half
      data.add(TckData.tx("CAFE ROMA BRISTOL", "-10.00", LocalDate.of(2025, 1, 10)).toBuilder().id(null)
          .occurrence(i).category(i % 2 == 0 ? fastFood : restaurant).build());
    }
    Categorizer c = trained(Map.of("cascade", "false", "review-threshold", "0.9"), data);
    Prediction p = c.categorize(TckData.tx("CAFE ROMA BRISTOL", "-10.00", LocalDate.of(2025, 2, 14)));
    assertThat(p.category().primary()).isEqualTo("FOOD_AND_DRINK");
    assertThat(String.join(" | ", p.explanation())).contains("primary FOOD_AND_DRINK");
  }

  @Test
  void aSavedModelKeepsNoRawDescriptionAmountOrAccountAndScoresTheSameAfterLoading(@TempDir Path tmp)
      throws Exception {
    List<Transaction> data = new ArrayList<>(TckData.labelled(24, 1));
    Transaction secret = TckData.tx("POS PURCHASE 4417 SECRETSHOP 0042 OCT", "-1234.56", LocalDate.of(2025, 5, 5))
        .toBuilder().account("GB29NWBK60161331926819").category(data.get(0).category()).build();
    data.add(secret);
    Categorizer c = trained(Map.of("cascade", "false"), data);
    Path dir = tmp.resolve("model");
    c.save(dir);
    String all;
    try (var files = Files.list(dir)) {
      StringBuilder sb = new StringBuilder();
      for (Path f : files.toList()) {
        sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
      all = sb.toString();
    }
    // "4417" as a number of its own: the metadata's createdAt nanoseconds may hold those digits (148441792)
    assertThat(all).doesNotContain(secret.description()).doesNotContainPattern("(?<![0-9])4417(?![0-9])")
        .doesNotContain("1234.56")
        .doesNotContain("GB29NWBK60161331926819").doesNotContain("2025-05-05");
    Categorizer loaded = new StackedGbmProvider().load(dir, ProviderConfig.of(Map.of("embeddings", "off",
        "cascade", "false")));
    List<Transaction> probe = new ArrayList<>();
    for (Transaction t : TckData.labelled(2, 77)) {
      probe.add(t.withCategory(null));
    }
    probe.add(TckData.tx("ONLINE CASINO MALTA", "-99.00", LocalDate.of(2025, 6, 1)));
    assertThat(loaded.categorizeAll(probe)).isEqualTo(c.categorizeAll(probe));
  }

  @Test
  void recordsOutOfFoldCalibrationInTheMetadata() {
    ModelMetadata m = new StackedGbmProvider().create(ProviderConfig.of(Map.of("embeddings", "off", "cascade", "false")))
        .train(TckData.labelled(24, 1));
    assertThat(m.provider()).isEqualTo("stacked-gbm");
    assertThat(m.metrics()).containsKeys("temperature", "heldOutAccuracy", "heldOutEce");
    assertThat(m.metrics().get("stage2")).isEqualTo(1.0);
    assertThat(m.metrics().get("heldOutAccuracy")).isGreaterThan(0.9);
  }

  @Test
  void withOneExamplePerLabelTheLabelsOwnNameIsEvidence() {
    // one example each, none resembling the query: only the label names ("Coffee") and what the zero-shot
    // categorizer makes of them relate "COFFEE SHOP ROSEBANK" to a label
    List<Transaction> data = new ArrayList<>();
    LocalDate d = LocalDate.of(2025, 2, 3);
    data.add(TckData.tx("ENGEN GARAGE MIDRAND", "-450.00", d).withCategory(new Category("Fuel", "Fuel")));
    data.add(TckData.tx("PAYD SANDTON VALID", "-20.00", d).withCategory(new Category("Parking", "Parking")));
    data.add(TckData.tx("JAVA HUT ILLOVO", "-38.00", d).withCategory(new Category("Coffee", "Coffee")));
    data.add(TckData.tx("MONTHLY ACCOUNT FEE", "-69.00", d).withCategory(
        new Category("Bank Charges and Fees", "Bank Charges and Fees")));
    Categorizer c = trained(Map.of("cascade", "false"), data);
    Prediction p = c.categorize(TckData.tx("COFFEE SHOP ROSEBANK", "-42.00", d));
    assertThat(p.category().code()).isEqualTo("Coffee");
  }

  @Test
  void aModelOfTheFormatBeforeLabelNameFeaturesIsRefusedWithARequestToRetrain(@TempDir Path dir) throws Exception {
    Categorizer c = trained(Map.of("cascade", "false"), TckData.labelled(6, 3));
    c.save(dir);
    Path meta = dir.resolve("metadata.json");
    com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(Files.readString(meta));
    assertThat(json.get("formatVersion").asInt()).isEqualTo(4);
    json.put("formatVersion", 3);
    Files.writeString(meta, om.writeValueAsString(json));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StackedGbmProvider().load(dir,
            ProviderConfig.of(Map.of("embeddings", "off", "cascade", "false"))))
        .isInstanceOf(dev.pfms.api.ModelException.class).hasMessageContaining("format version 3")
        .hasMessageContaining("retrain");
  }

  @Test
  void aDeclaredCategoryWithoutExamplesIsPredictedFromItsNameAndKeptOnRetrain() {
    // the user's category list holds "Interest Received", which no labelled row carries yet
    List<Transaction> data = new ArrayList<>(TckData.labelled(12, 3));
    Category interest = new Category("Interest Received", "Income");
    Transaction query = TckData.tx("INTEREST RECEIVED", "1.20", LocalDate.of(2025, 3, 31));
    Categorizer without = trained(Map.of("cascade", "false"), data);
    assertThat(without.categorize(query).category().code()).isNotEqualTo("Interest Received");

    Categorizer c = new StackedGbmProvider().create(ProviderConfig.of(Map.of("embeddings", "off", "cascade", "false")));
    ModelMetadata m = c.train(data, List.of(interest));
    assertThat(m.labels()).contains("Interest Received");
    Prediction p = c.categorize(query);
    assertThat(p.category().code()).isEqualTo("Interest Received");
    assertThat(p.category().primary()).isEqualTo("Income");
    assertThat(c.retrain().labels()).contains("Interest Received");
    assertThat(c.categorize(query).category().code()).isEqualTo("Interest Received");
    // the declared list is part of what the model is traced to
    assertThat(m.trainingHash()).isNotEqualTo(without.metadata().orElseThrow().trainingHash());
  }

  @Test
  void recordsCandidateRecallAndTheChosenScorer() {
    ModelMetadata m = new StackedGbmProvider().create(ProviderConfig.of(Map.of("embeddings", "off", "cascade", "false")))
        .train(TckData.labelled(24, 1));
    assertThat(m.metrics().get("candidateRecall")).isGreaterThan(0.9);
    assertThat(m.metrics().get("scorer")).isIn(1.0, 2.0, 3.0);
    assertThat(m.metrics()).containsKey("labelNameWeight");
  }
}
