package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link CategorizerProvider} must pass. Extend it, implement {@link #provider()}
 * (and {@link #config()} when the provider needs options), and run it with JUnit 5.
 *
 * <p>It trains on {@link TckData#labelled} (4 categories with distinct merchants), then checks
 * accuracy on fresh transactions of the same merchants, the shape of every prediction, batch and
 * concurrent consistency, corrections surviving a retrain, metadata, and a save/load round trip when
 * the provider persists models.
 */
public abstract class CategorizerContract {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract CategorizerProvider provider();

  /**
   * Options for {@link CategorizerProvider#create}; empty by default.
   *
   * @return the options
   */
  protected ProviderConfig config() {
    return ProviderConfig.empty();
  }

  /**
   * Examples per category for training; providers that need more may raise it.
   *
   * @return examples per category
   */
  protected int trainingExamplesPerCategory() {
    return 24;
  }

  private Categorizer trained() {
    CategorizerProvider p = provider();
    Categorizer c = p.create(config().validate(p.name(), p.options()));
    c.train(TckData.labelled(trainingExamplesPerCategory(), 1));
    return c;
  }

  private static List<Transaction> unseen() {
    return TckData.labelled(6, 99);
  }

  @Test
  @DisplayName("provider has a lower-case name, a description and no-arg construction")
  void providerIsDescribed() {
    CategorizerProvider p = provider();
    assertThat(p.name()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(p.description()).isNotBlank();
    assertThat(p.options()).doesNotContainNull();
  }

  @Test
  @DisplayName("predicts the category of unseen transactions from known merchants")
  void learnsMerchantsFromTraining() {
    Categorizer c = trained();
    List<Transaction> test = unseen();
    int right = 0;
    for (Transaction t : test) {
      if (c.categorize(t).category().equals(t.category())) {
        right++;
      }
    }
    assertThat((double) right / test.size()).as("accuracy on unseen transactions").isGreaterThanOrEqualTo(0.75);
  }

  @Test
  @DisplayName("every prediction has confidence in [0,1], an explanation and a model name")
  void predictionsAreWellFormed() {
    Categorizer c = trained();
    for (Transaction t : unseen()) {
      Prediction p = c.categorize(t);
      assertThat(p.confidence()).isBetween(0.0, 1.0);
      assertThat(p.explanation()).isNotEmpty();
      assertThat(p.model()).isNotBlank();
      assertThat(p.alternatives()).extracting(a -> a.category()).doesNotContain(p.category());
      assertThat(p.alternatives()).allSatisfy(a -> assertThat(a.probability()).isBetween(0.0, 1.0));
    }
  }

  @Test
  @DisplayName("categorizeAll equals categorize one by one, in order")
  void batchEqualsSingle() {
    Categorizer c = trained();
    List<Transaction> test = unseen();
    List<Prediction> batch = c.categorizeAll(test);
    assertThat(batch).hasSize(test.size());
    for (int i = 0; i < test.size(); i++) {
      Prediction single = c.categorize(test.get(i));
      assertThat(batch.get(i).category()).isEqualTo(single.category());
      assertThat(batch.get(i).confidence()).isCloseTo(single.confidence(), org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(c.categorizeAll(List.of())).isEmpty();
  }

  @Test
  @DisplayName("concurrent categorize calls give the same answers as sequential ones")
  void concurrentCategorizeIsConsistent() throws Exception {
    Categorizer c = trained();
    List<Transaction> test = unseen();
    List<Category> expected = test.stream().map(t -> c.categorize(t).category()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Category>>> futures = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        futures.add(pool.submit(() -> test.stream().map(t -> c.categorize(t).category()).toList()));
      }
      for (Future<List<Category>> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a correction holds after retrain, and earlier corrections are not lost")
  void correctionsSurviveRetrain() {
    Categorizer c = trained();
    Category coffeeShops = Category.of("FOOD_AND_DRINK_COFFEE");
    Category gifts = Category.of("GENERAL_MERCHANDISE_GIFTS");
    Transaction costa = TckData.tx("COSTA COFFEE 4411 LEEDS", "-3.10", LocalDate.of(2025, 6, 1));
    Transaction netflix = TckData.tx("NETFLIX.COM 5521", "-10.99", LocalDate.of(2025, 6, 2));
    c.correct(costa, gifts);
    c.retrain();
    c.correct(netflix, coffeeShops);
    c.retrain();
    assertThat(c.categorize(TckData.tx("COSTA COFFEE 4411 LEEDS", "-3.10", LocalDate.of(2025, 7, 1))).category())
        .isEqualTo(gifts);
    assertThat(c.categorize(TckData.tx("NETFLIX.COM 5521", "-10.99", LocalDate.of(2025, 7, 2))).category())
        .isEqualTo(coffeeShops);
  }

  @Test
  @DisplayName("training records metadata: provider, size, labels, training hash")
  void trainingRecordsMetadata() {
    CategorizerProvider p = provider();
    Categorizer c = p.create(config().validate(p.name(), p.options()));
    List<Transaction> data = TckData.labelled(trainingExamplesPerCategory(), 1);
    ModelMetadata m = c.train(data);
    assertThat(m.trainingSize()).isGreaterThanOrEqualTo(data.size());
    assertThat(m.labels()).contains("FOOD_AND_DRINK_GROCERIES", "FOOD_AND_DRINK_COFFEE", "TRANSPORTATION_FUEL",
        "ENTERTAINMENT_TV_AND_MOVIES");
    assertThat(m.trainingHash()).matches("[0-9a-f]{64}");
    assertThat(c.metadata()).contains(m);
  }

  @Test
  @DisplayName("training rejects a transaction without a category, naming it")
  void trainingRejectsUnlabelled() {
    CategorizerProvider p = provider();
    Categorizer c = p.create(config().validate(p.name(), p.options()));
    List<Transaction> data = new ArrayList<>(TckData.labelled(trainingExamplesPerCategory(), 1));
    Transaction unlabelled = TckData.tx("MYSTERY SHOP", "-1.00", LocalDate.of(2025, 1, 1));
    data.add(unlabelled);
    assertThatThrownBy(() -> c.train(data)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(unlabelled.id());
  }

  @Test
  @DisplayName("a saved model loads back and predicts the same, or saving says clearly it is unsupported")
  void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
    Categorizer c = trained();
    try {
      c.save(dir);
    } catch (ModelException unsupported) {
      assumeThat(unsupported.getMessage()).isNotBlank();
      return;
    }
    CategorizerProvider p = provider();
    Categorizer loaded = p.load(dir, config());
    assertThat(loaded.metadata()).isPresent();
    assertThat(loaded.metadata().get().trainingHash()).isEqualTo(c.metadata().orElseThrow().trainingHash());
    for (Transaction t : unseen()) {
      Prediction a = c.categorize(t);
      Prediction b = loaded.categorize(t);
      assertThat(b.category()).isEqualTo(a.category());
      assertThat(b.confidence()).isCloseTo(a.confidence(), org.assertj.core.data.Offset.offset(1e-9));
    }
  }
}
