package dev.pfms.ml.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCategorizerTest {

  static final Path CACHE = Path.of("target", "pfms-djl");
  final EmbeddingCategorizerProvider provider = new EmbeddingCategorizerProvider();

  static Transaction tx(String desc, String amount, String category) {
    return Transaction.builder().bookingDate(LocalDate.of(2025, 3, 1)).amount(Money.of(amount, "GBP"))
        .description(desc).category(category == null ? null : Category.of(category)).build();
  }

  static List<Transaction> oneShot() {
    List<Transaction> out = new ArrayList<>();
    out.add(tx("COSTA COFFEE LEEDS", "-3.10", "FOOD_AND_DRINK_COFFEE"));
    out.add(tx("SHELL PETROL STATION", "-55.00", "TRANSPORTATION_FUEL"));
    out.add(tx("TESCO SUPERSTORE", "-42.17", "FOOD_AND_DRINK_GROCERIES"));
    out.add(tx("NETFLIX COM", "-10.99", "ENTERTAINMENT_TV_AND_MOVIES"));
    return out;
  }

  ProviderConfig cfg(String model) {
    return ProviderConfig.builder().set("cacheDir", CACHE).set("model", model).set("cascade", false).build();
  }

  @Test
  void generalisesFromOneExamplePerLabelToUnseenMerchantsOfTheSameKind() {
    ModelCategorizer c = provider.createModel(cfg("minilm"));
    c.train(oneShot());
    assertThat(c.categorize(tx("STARBUCKS COFFEE", "-4.20", null)).category().code()).isEqualTo("FOOD_AND_DRINK_COFFEE");
    assertThat(c.categorize(tx("BP FUEL SERVICE STATION", "-60.00", null)).category().code())
        .isEqualTo("TRANSPORTATION_FUEL");
    assertThat(c.categorize(tx("SAINSBURYS SUPERMARKET", "-38.00", null)).category().code())
        .isEqualTo("FOOD_AND_DRINK_GROCERIES");
  }

  @Test
  void explainsWithTheNearestTrainingMerchantAndItsLabel() {
    ModelCategorizer c = provider.createModel(cfg("minilm"));
    c.train(oneShot());
    Prediction p = c.categorize(tx("CAFFE NERO COFFEE", "-3.50", null));
    assertThat(p.explanation().get(0)).contains("COSTA COFFEE LEEDS").contains("FOOD_AND_DRINK_COFFEE");
    assertThat(p.alternatives()).hasSizeLessThanOrEqualTo(3);
    assertThat(p.model()).isEqualTo("embedding-gbm");
  }

  @Test
  void refusesToLoadAModelTrainedOnAnotherEmbeddingModel(@TempDir Path dir) throws IOException {
    ModelCategorizer c = provider.createModel(cfg("minilm"));
    c.train(oneShot());
    c.save(dir);
    assertThat(Files.readString(dir.resolve("metadata.json"))).contains("\"provider\" : \"embedding-gbm\"");
    assertThatThrownBy(() -> provider.load(dir, cfg("minilm-q"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("all-minilm-l6-v2-q").hasMessageContaining("option 'model'");
  }

  @Test
  void buildsOnTheSharedCategorizerBase() {
    assertThat(provider.create(ProviderConfig.builder().set("cacheDir", CACHE).build()))
        .isInstanceOf(ModelCategorizer.class);
  }

  @Test
  void predictingBeforeTrainingIsAModelError() {
    ModelCategorizer c = provider.createModel(cfg("minilm"));
    assertThatThrownBy(() -> c.categorize(tx("X", "-1.00", null))).isInstanceOf(ModelException.class)
        .hasMessageContaining("not been trained");
  }

  @Test
  void aModelDirectoryWithoutTokenizerOrModelFileFailsNamingWhatIsMissing(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> provider.createModel(cfg(dir.toString()))).isInstanceOf(ModelException.class)
        .hasMessageContaining("tokenizer.json");
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    assertThatThrownBy(() -> provider.createModel(cfg(dir.toString()))).isInstanceOf(ModelException.class)
        .hasMessageContaining("exactly one model file");
    assertThatThrownBy(() -> provider.createModel(cfg(dir.resolve("nope").toString())))
        .isInstanceOf(ModelException.class).hasMessageContaining("neither a bundled model");
  }

  @Test
  void rejectsAnUnknownHeadNamingTheOption() {
    assertThatThrownBy(() -> provider.createModel(ProviderConfig.builder().set("head", "gbm").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'head'");
  }

  @Test
  void missingArtifactsAreNamedInTheError() {
    assertThatThrownBy(() -> DjlRuntime.require("ai.djl.onnxruntime.engine.Missing", "the OnnxRuntime engine",
        DjlRuntime.ORT_ARTIFACT)).isInstanceOf(ModelException.class)
        .hasMessageContaining("ai.djl.onnxruntime:onnxruntime-engine:0.36.0");
    assertThatThrownBy(() -> DjlRuntime.engineFor("model.bin")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".onnx").hasMessageContaining(".pt");
  }
}
