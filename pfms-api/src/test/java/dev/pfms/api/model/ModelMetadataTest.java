package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

  private final ModelMetadata meta = new ModelMetadata("tfidf-gbm", 3, "ab".repeat(32), 120, List.of("A", "B"),
      Map.of("accuracy", 0.91), Instant.parse("2026-11-25T10:00:00Z"), Map.of("trees", "80"));

  @Test
  void roundTripsThroughMetadataJson(@TempDir Path dir) throws Exception {
    meta.writeTo(dir);
    assertThat(ModelMetadata.readFrom(dir, "tfidf-gbm", 3)).isEqualTo(meta);
  }

  @Test
  void loadingAnotherProvidersModelFailsNamingBoth(@TempDir Path dir) throws Exception {
    meta.writeTo(dir);
    assertThatThrownBy(() -> ModelMetadata.readFrom(dir, "embedding-gbm", 3)).isInstanceOf(ModelException.class)
        .hasMessageContaining("tfidf-gbm").hasMessageContaining("embedding-gbm");
  }

  @Test
  void loadingAnotherFormatVersionFailsNamingBoth(@TempDir Path dir) throws Exception {
    meta.writeTo(dir);
    assertThatThrownBy(() -> ModelMetadata.readFrom(dir, "tfidf-gbm", 4)).isInstanceOf(ModelException.class)
        .hasMessageContaining("version 3").hasMessageContaining("4");
  }

  @Test
  void missingOrMalformedMetadataIsAModelException(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ModelMetadata.readFrom(dir, "x", 1)).isInstanceOf(ModelException.class)
        .hasMessageContaining("metadata.json");
    Files.writeString(dir.resolve("metadata.json"), "{\"provider\": \"x\"}");
    assertThatThrownBy(() -> ModelMetadata.readFrom(dir, "x", 1)).isInstanceOf(ModelException.class)
        .hasMessageContaining("malformed");
  }
}
