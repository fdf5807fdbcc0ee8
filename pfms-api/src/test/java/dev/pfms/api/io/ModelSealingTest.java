package dev.pfms.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved models sealed at rest, with a real AES-256-GCM cipher from the JDK. */
class ModelSealingTest {

  private static final String SECRET = "ACME PAYROLL LTD account 12345678";

  private static ModelMetadata meta() {
    return new ModelMetadata("isolation-forest", "1.0", 1, ModelKind.ANOMALY, "cd".repeat(32), 3, List.of(), Map.of(),
        Instant.parse("2026-12-02T00:00:00Z"), Map.of());
  }

  private static Map<String, ModelDirectory.Content> files() {
    Map<String, ModelDirectory.Content> f = new LinkedHashMap<>();
    f.put("model.bin", out -> out.write(("stats for " + SECRET).getBytes(StandardCharsets.UTF_8)));
    f.put("extra.bin", out -> out.write(new byte[] {1, 2, 3}));
    return f;
  }

  private static boolean anyFileContains(Path dir, String text) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(text)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void aProtectedDirectorySealsEveryFileAndReadsThemBackInMemory(@TempDir Path root) throws Exception {
    JdkAesGcm cipher = new JdkAesGcm("test:1");
    Path dir = root.resolve("models/anomaly");
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, cipher)) {
      ModelDirectory.save(dir, meta(), files());
      assertThat(anyFileContains(root, "ACME")).as("plaintext on disk").isFalse();
      String json = Files.readString(dir.resolve(ModelDirectory.METADATA));
      assertThat(json).contains("\"schema\" : 2").contains("\"keyId\" : \"test:1\"");
      SavedModel m = ModelDirectory.read(dir);
      assertThat(new String(m.bytes("model.bin"), StandardCharsets.UTF_8)).isEqualTo("stats for " + SECRET);
      assertThat(m.bytes("extra.bin")).containsExactly(1, 2, 3);
    }
    // protection removed: the sealed model is refused, naming the key it needs
    assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelException.class)
        .hasMessageContaining("sealed model (key test:1)");
  }

  @Test
  void anotherKeyAnAlteredFileOrAFileMovedToAnotherNameIsRefused(@TempDir Path root) throws Exception {
    Path dir = root.resolve("m");
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, new JdkAesGcm("test:1"))) {
      ModelDirectory.save(dir, meta(), files());
    }
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, new JdkAesGcm("test:2"))) {
      assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelException.class)
          .hasMessageContaining("cannot be opened with key test:2 (sealed with test:1)")
          .hasMessageNotContaining("ACME");
    }
    JdkAesGcm k = new JdkAesGcm("test:3");
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, k)) {
      ModelDirectory.save(dir, meta(), files());
      // swap the two files' bytes and their metadata entries: checksums agree, the sealing does not
      Path meta = dir.resolve(ModelDirectory.METADATA);
      byte[] a = Files.readAllBytes(dir.resolve("model.bin"));
      byte[] b = Files.readAllBytes(dir.resolve("extra.bin"));
      Files.write(dir.resolve("model.bin"), b);
      Files.write(dir.resolve("extra.bin"), a);
      com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode root2 =
          (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(meta.toFile());
      com.fasterxml.jackson.databind.node.ObjectNode fs = (com.fasterxml.jackson.databind.node.ObjectNode) root2.get("files");
      com.fasterxml.jackson.databind.JsonNode ea = fs.get("model.bin");
      fs.set("model.bin", fs.get("extra.bin"));
      fs.set("extra.bin", ea);
      om.writeValue(meta.toFile(), root2);
      assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelException.class)
          .hasMessageContaining("cannot be opened");
    }
  }

  @Test
  void aPlainModelUnderAProtectedDirectoryIsRefused(@TempDir Path root) throws Exception {
    Path dir = root.resolve("m");
    ModelDirectory.save(dir, meta(), files());
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, new JdkAesGcm("test:1"))) {
      assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelException.class)
          .hasMessageContaining("plain model under a directory protected with key test:1");
      ModelDirectory.save(dir, meta(), files()); // saving again seals it
      assertThat(ModelDirectory.read(dir).bytes("extra.bin")).containsExactly(1, 2, 3);
    }
  }

  @Test
  void theInnermostProtectionWinsAndAClashIsRefused(@TempDir Path root) throws Exception {
    JdkAesGcm outer = new JdkAesGcm("outer");
    JdkAesGcm inner = new JdkAesGcm("inner");
    try (ModelDirectory.Protection a = ModelDirectory.protect(root, outer);
        ModelDirectory.Protection b = ModelDirectory.protect(root.resolve("x"), inner)) {
      assertThat(ModelDirectory.protection(root.resolve("x/y/z"))).containsSame(inner);
      assertThat(ModelDirectory.protection(root.resolve("w"))).containsSame(outer);
      assertThatThrownBy(() -> ModelDirectory.protect(root, inner)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(ModelDirectory.protection(root.resolve("x"))).isEmpty();
  }

  @Test
  void aSealedFieldWithoutSchemaTwoOrTheReverseIsMalformed(@TempDir Path root) throws Exception {
    Path dir = root.resolve("m");
    try (ModelDirectory.Protection p = ModelDirectory.protect(root, new JdkAesGcm("k"))) {
      ModelDirectory.save(dir, meta(), files());
      Path meta = dir.resolve(ModelDirectory.METADATA);
      String json = Files.readString(meta);
      Files.writeString(meta, json.replace("\"schema\" : 2", "\"schema\" : 1"));
      assertThatThrownBy(() -> ModelDirectory.read(dir)).hasMessageContaining("must have schema 2");
    }
  }
}
