package dev.pfms.ml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.ml.categorize.TfidfGbmProvider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Saved models committed under {@code src/test/resources/compat/v1}, written by the pfms version
 * named in each fixture's README, must keep loading and predicting in every later version.
 */
class SavedModelCompatibilityTest {

  static Path fixture(String name) {
    try {
      return Path.of(SavedModelCompatibilityTest.class.getResource("/compat/v1/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a tfidf-gbm model saved by pfms 0.1 (metadata with modelSha256) loads and categorizes")
  void tfidfGbmV1Loads() throws Exception {
    Path dir = fixture("tfidf-gbm");
    SavedModel saved = ModelDirectory.read(dir);
    assertThat(saved.legacy()).isTrue();
    assertThat(saved.metadata().provider()).isEqualTo("tfidf-gbm");
    assertThat(saved.metadata().trainingSize()).isEqualTo(300);
    Categorizer c = new TfidfGbmProvider().load(dir, ProviderConfig.empty());
    Transaction t = Transaction.builder().id("t1").account("acc").bookingDate(LocalDate.of(2026, 1, 5))
        .amount(Money.of("-3.40", "GBP")).description("STARBUCKS STORE #101").merchant("STARBUCKS").build();
    Prediction p = c.categorize(t);
    assertThat(p.category().code()).isEqualTo("FOOD_AND_DRINK_COFFEE");
  }

  @Test
  @DisplayName("the first saved isolation-forest model (format 1) loads, by directory and by reference, and scores")
  void isolationForestV1Loads() throws Exception {
    Path dir = fixture("isolation-forest");
    dev.pfms.api.io.ModelRef ref = dev.pfms.api.io.ModelRef.of(dir,
        "d8931a8e08c0329a0d0ea4323681cc21652f1a61540a36fa04ed2ef4b316113a");
    dev.pfms.api.spi.AnomalyDetector d = dev.pfms.api.Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
    dev.pfms.api.spi.AnomalyModel m = d.load(ref);
    assertThat(m.metadata().kind()).isEqualTo(dev.pfms.api.model.ModelKind.ANOMALY);
    assertThat(m.metadata().trainingSize()).isEqualTo(200);
    assertThat(m.metadata().parameters()).containsEntry("trees", "10");
    Transaction t = Transaction.builder().id("t1").account("acc").bookingDate(LocalDate.of(2024, 3, 5))
        .amount(Money.of("-2500.00", "GBP")).description("LUXURY WATCHES GENEVA").merchant("LUXURY WATCHES").build();
    var scores = d.load(dir).score(java.util.List.of(t));
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0).score()).isBetween(0.0, 1.0);
    assertThat(scores).isEqualTo(m.score(java.util.List.of(t)));
  }
}
