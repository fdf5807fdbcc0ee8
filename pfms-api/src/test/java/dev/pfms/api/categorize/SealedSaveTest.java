package dev.pfms.api.categorize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that offers its files is saved without a plaintext staging copy, sealed when protected. */
class SealedSaveTest {

  private static final String SECRET = "JANSEN KINDEROPVANG";

  /** Writes its only file through files(); a staging save(Path) would fail the test. */
  private record Model(ModelMetadata metadata) implements CategorizerModel {
    @Override
    public List<Prediction> predict(List<Transaction> transactions) {
      List<Prediction> out = new ArrayList<>();
      for (Transaction t : transactions) {
        out.add(new Prediction(Category.of("GENERAL_SERVICES_CHILDCARE"), 0.9, List.of(), List.of("m"), false, "m"));
      }
      return out;
    }

    @Override
    public void save(Path directory) {
      throw new AssertionError("staged through save(Path) although files() is offered");
    }

    @Override
    public Map<String, ModelDirectory.Content> files() {
      return Map.of("m.bin", out -> out.write(SECRET.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static final class Trainer implements CategorizerTrainer {
    @Override
    public String provider() {
      return "direct-files";
    }

    @Override
    public int formatVersion() {
      return 1;
    }

    @Override
    public CategorizerModel fit(TrainingData data) {
      return new Model(new ModelMetadata(provider(), 1, data.trainingHash(), data.size(), data.labels(), Map.of(),
          Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
    }

    @Override
    public CategorizerModel load(dev.pfms.api.io.SavedModel saved) {
      assertThat(new String(saved.bytes("m.bin"), StandardCharsets.UTF_8)).isEqualTo(SECRET);
      return new Model(saved.metadata());
    }
  }

  @Test
  void aModelOfferingItsFilesIsSealedWithoutStagingAndLoadsBack(@TempDir Path root) throws Exception {
    Transaction t = Transaction.builder().account("a").bookingDate(LocalDate.of(2025, 1, 2))
        .amount(new Money(new BigDecimal("-10.00"), Currency.getInstance("EUR"))).description(SECRET)
        .category(Category.of("GENERAL_SERVICES_CHILDCARE")).provenance(new Provenance("t", 1)).build();
    ModelCategorizer c = ModelCategorizer.builder(new Trainer()).build();
    c.train(List.of(t));
    Path dir = root.resolve("model");
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, new dev.pfms.api.io.JdkAesGcm("test"))) {
      c.save(dir);
      try (Stream<Path> all = Files.walk(root)) {
        for (Path f : all.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
              .doesNotContain(SECRET);
        }
      }
      try (Stream<Path> all = Files.list(root)) {
        assertThat(all.map(x -> x.getFileName().toString())).as("no staging directory left")
            .containsExactlyInAnyOrder("model", ".model.lock");
      }
      assertThat(ModelCategorizer.builder(new Trainer()).load(dir).categorize(t).category().code())
          .isEqualTo("GENERAL_SERVICES_CHILDCARE");
    }
  }
}
