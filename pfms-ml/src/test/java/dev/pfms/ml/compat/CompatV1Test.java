package dev.pfms.ml.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models saved by pfms 0.1 (format v1, committed under {@code compat/v1}) load in this version and
 * predict exactly what they predicted when they were saved.
 */
class CompatV1Test {

  static Stream<Arguments> models() {
    return CompatFixtures.models().stream().map(m -> Arguments.of(m[0], m[1], m[2]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void v1ModelLoadsAndPredictsAsRecorded(String name, CategorizerProvider p, ProviderConfig cfg) throws Exception {
    Path dir = CompatFixtures.ROOT.resolve("v1").resolve(name).resolve("model");
    Categorizer c = p.load(dir, cfg);
    JsonNode expected = CompatFixtures.expected("v1", name).get("predictions");
    List<Transaction> probes = CompatFixtures.probes();
    List<Prediction> got = c.categorizeAll(probes);
    assertThat(got).hasSize(expected.size());
    double tolerance = name.startsWith("embedding") ? 1e-6 : 1e-9;
    for (int i = 0; i < got.size(); i++) {
      JsonNode e = expected.get(i);
      assertThat(probes.get(i).description()).isEqualTo(e.get("description").asText());
      assertThat(got.get(i).category().code()).as(e.get("description").asText()).isEqualTo(e.get("category").asText());
      assertThat(got.get(i).confidence()).isCloseTo(e.get("confidence").asDouble(), within(tolerance));
    }
    assertThat(c.metadata()).isPresent();
  }
}
