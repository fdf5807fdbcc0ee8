package dev.pfms.core.categorize;

import dev.pfms.api.categorize.CascadeCategorizer;
import dev.pfms.api.categorize.CorrectionStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.CategorizerContract;
import dev.pfms.tck.TckData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCategorizerTest extends CategorizerContract {

  @Override
  protected CategorizerProvider provider() {
    return new RulesCategorizerProvider();
  }

  @Test
  void unknownMerchantIsUncategorizedAndNeedsReview() {
    Categorizer c = provider().create(ProviderConfig.empty());
    c.train(TckData.labelled(5, 1));
    Prediction p = c.categorize(TckData.tx("SOMEWHERE NEW", "-1.00", LocalDate.of(2025, 1, 1)));
    assertThat(p.category()).isEqualTo(Category.UNCATEGORIZED);
    assertThat(p.needsReview()).isTrue();
    assertThat(p.confidence()).isZero();
  }

  @Test
  void correctionTakesEffectAtOnceWithoutRetrain() {
    Categorizer c = provider().create(ProviderConfig.empty());
    var t = TckData.tx("POS 99 CORNER SHOP", "-4.00", LocalDate.of(2025, 1, 1));
    c.correct(t, Category.of("FOOD_AND_DRINK_GROCERIES"));
    Prediction p = c.categorize(TckData.tx("POS 12 CORNER SHOP", "-9.00", LocalDate.of(2025, 2, 1)));
    assertThat(p.category().code()).isEqualTo("FOOD_AND_DRINK_GROCERIES");
    assertThat(p.needsReview()).isFalse();
    assertThat(p.explanation().get(0)).contains("correction");
  }

  @Test
  void userRulesWinOverCorrectionsAndReadFromJson(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.json");
    Files.writeString(rules, """
        [{"name": "big transfers", "description": "TRANSFER", "maxAmount": "-1000", "category": "TRANSFER_OUT_SAVINGS"}]
        """);
    Categorizer c = provider().create(ProviderConfig.builder().set(RulesCategorizerProvider.RULES, rules).build());
    var big = TckData.tx("TRANSFER TO SAVINGS", "-1500.00", LocalDate.of(2025, 1, 1));
    c.correct(big, Category.of("GENERAL_MERCHANDISE_GIFTS"));
    assertThat(c.categorize(big).category().code()).isEqualTo("TRANSFER_OUT_SAVINGS");
    assertThat(c.categorize(TckData.tx("TRANSFER TO SAVINGS", "-10.00", LocalDate.of(2025, 1, 1))).category().code())
        .isEqualTo("GENERAL_MERCHANDISE_GIFTS");
  }

  @Test
  void badRulesFileNamesFileAndRule(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.json");
    Files.writeString(rules, "[{\"merchant\": \"X\", \"category\": \"A\"}, {\"merchant\": \"Y\"}]");
    assertThatThrownBy(() -> RulesCategorizerProvider.readRules(rules))
        .isInstanceOf(PfmsException.class).hasMessageContaining("rules.json").hasMessageContaining("rule 2")
        .hasMessageContaining("category");
  }

  @Test
  void correctionsPersistInJsonLinesAcrossInstances(@TempDir Path dir) {
    ProviderConfig cfg = ProviderConfig.builder().set(RulesCategorizerProvider.CORRECTIONS, dir.resolve("c.jsonl")).build();
    var t = TckData.tx("POS 99 CORNER SHOP", "-4.00", LocalDate.of(2025, 1, 1));
    provider().create(cfg).correct(t, Category.of("FOOD_AND_DRINK_GROCERIES"));
    Categorizer again = provider().create(cfg);
    assertThat(again.categorize(t).category().code()).isEqualTo("FOOD_AND_DRINK_GROCERIES");
    assertThat(CorrectionStore.jsonLines(dir.resolve("c.jsonl")).asTrainingExamples()).hasSize(1);
  }

  @Test
  void cascadeLetsRulesWinAndFallsBackToNextStage() {
    Categorizer rules = provider().create(ProviderConfig.builder().set(RulesCategorizerProvider.LEARN_FROM_TRAINING, false).build());
    Categorizer learned = provider().create(ProviderConfig.empty());
    CascadeCategorizer cascade = new CascadeCategorizer(List.of(rules, learned));
    cascade.train(TckData.labelled(5, 1));
    var t = TckData.tx("NETFLIX.COM 1234", "-10.99", LocalDate.of(2025, 1, 1));
    assertThat(cascade.categorize(t).category().code()).isEqualTo("ENTERTAINMENT_TV_AND_MOVIES");
    cascade.correct(t, Category.of("GENERAL_SERVICES_SUBSCRIPTIONS"));
    assertThat(cascade.categorize(t).category().code()).isEqualTo("GENERAL_SERVICES_SUBSCRIPTIONS");
    assertThat(cascade.categorizeAll(List.of(t)).get(0).category().code()).isEqualTo("GENERAL_SERVICES_SUBSCRIPTIONS");
  }
}
