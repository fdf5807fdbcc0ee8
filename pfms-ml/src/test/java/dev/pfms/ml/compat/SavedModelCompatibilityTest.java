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
}
