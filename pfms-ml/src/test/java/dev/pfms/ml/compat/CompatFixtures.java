package dev.pfms.ml.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.ml.categorize.TfidfGbmProvider;
import dev.pfms.ml.embed.EmbeddingCategorizerProvider;
import dev.pfms.tck.TckData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the committed compatibility fixtures: small models trained on synthetic data
 * ({@link TckData}) with the code of the version named, saved, plus the predictions that version made
 * ({@code expected.json}). Run once per format version, never in the default build:
 * {@code -Dpfms.compat.write=v1 -Dtest=CompatFixturesWriter}.
 */
final class CompatFixtures {

  static final Path ROOT = Path.of("src", "test", "resources", "compat");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CompatFixtures() {}

  /** The providers with fixtures, and the options they were saved with. */
  static List<Object[]> models() {
    return List.of(
        new Object[] {"tfidf-gbm", new TfidfGbmProvider(), ProviderConfig.builder().set("cascade", false)
            .set("trees", 8).build()},
        new Object[] {"embedding-gbm", new EmbeddingCategorizerProvider(), ProviderConfig.builder()
            .set("cascade", false).set("cacheDir", Path.of("target", "pfms-djl")).set("iterations", 60).build()});
  }

  /** Training data: 12 synthetic examples per category. */
  static List<Transaction> training() {
    return TckData.labelled(12, 7);
  }

  /** What the fixtures are scored on: unseen synthetic transactions plus two unknown merchants. */
  static List<Transaction> probes() {
    List<Transaction> out = new ArrayList<>(TckData.labelled(3, 1234));
    out.add(TckData.tx("MYSTERY EMPORIUM 7", "-19.99", LocalDate.of(2025, 5, 5)));
    out.add(TckData.tx("SHELL COFFEE KIOSK", "-4.50", LocalDate.of(2025, 5, 6)));
    return out;
  }

  static void write(String version, String name, CategorizerProvider p, ProviderConfig cfg) throws IOException {
    Path dir = ROOT.resolve(version).resolve(name);
    Categorizer c = p.create(cfg.validate(p.name(), p.options()));
    c.train(training());
    c.correct(TckData.tx("COSTA COFFEE 4411 LEEDS", "-3.10", LocalDate.of(2025, 6, 1)),
        Category.of("GENERAL_MERCHANDISE_GIFTS"));
    c.retrain();
    Path model = dir.resolve("model");
    Files.createDirectories(model);
    c.save(model);
    ArrayNode rows = JSON.createArrayNode();
    List<Transaction> probes = probes();
    List<Prediction> ps = c.categorizeAll(probes);
    for (int i = 0; i < probes.size(); i++) {
      ObjectNode r = rows.addObject();
      r.put("description", probes.get(i).description());
      r.put("category", ps.get(i).category().code());
      r.put("confidence", ps.get(i).confidence());
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("provider", name);
    root.put("writtenBy", version);
    root.put("note", "trained on synthetic TckData.labelled(12, 7); no real person's data");
    root.set("predictions", rows);
    JSON.writeValue(dir.resolve("expected.json").toFile(), root);
  }

  static JsonNode expected(String version, String name) throws IOException {
    return JSON.readTree(ROOT.resolve(version).resolve(name).resolve("expected.json").toFile());
  }
}
