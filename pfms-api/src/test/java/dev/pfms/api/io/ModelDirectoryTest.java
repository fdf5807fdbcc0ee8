package dev.pfms.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

  private static ModelMetadata meta(String provider, int size) {
    return new ModelMetadata(provider, "1.2.3", 2, ModelKind.ANOMALY, "ab".repeat(32), size, List.of(),
        Map.of("threshold", 0.61), Instant.parse("2026-12-01T10:00:00Z"), Map.of("trees", "100"));
  }

  /** A model whose two files both encode {@code n}: a torn mix of two saves would not agree. */
  private static Map<String, ModelDirectory.Content> files(int n) {
    Map<String, ModelDirectory.Content> f = new LinkedHashMap<>();
    f.put("model.bin", out -> {
      ModelOutput o = new ModelOutput(out);
      o.writeInt(n);
      o.writeDoubles(new double[n]);
      o.flush();
    });
    f.put("extra.txt", out -> out.write(("n=" + n).getBytes(StandardCharsets.UTF_8)));
    return f;
  }

  private static int check(SavedModel m) {
    ModelInput in = m.input("model.bin");
    int n = in.readInt();
    assertThat(in.readDoubles("values")).hasSize(n);
    in.expectEnd();
    assertThat(new String(m.bytes("extra.txt"), StandardCharsets.UTF_8)).isEqualTo("n=" + n);
    assertThat(m.metadata().trainingSize()).isEqualTo(n);
    return n;
  }

  @Test
  @DisplayName("save then read gives the same metadata and files, and the reference pins that content")
  void roundTrip(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelRef ref = ModelDirectory.save(dir, meta("isolation-forest", 7), files(7));
    SavedModel m = ModelDirectory.read(dir);
    assertThat(m.metadata()).isEqualTo(meta("isolation-forest", 7));
    assertThat(m.ref()).isEqualTo(ref);
    assertThat(m.legacy()).isFalse();
    assertThat(m.files()).containsExactlyInAnyOrder("model.bin", "extra.txt");
    assertThat(check(m)).isEqualTo(7);
    assertThat(check(ModelDirectory.read(ref))).isEqualTo(7);
    assertThat(ModelRef.parse(ref.toString())).isEqualTo(ref);
    assertThat(ref.sha256()).isEqualTo(ModelDirectory.sha256(Files.readAllBytes(dir.resolve("metadata.json"))));
    String json = Files.readString(dir.resolve("metadata.json"));
    assertThat(json).contains("\"schema\" : 1", "\"kind\" : \"anomaly\"", "\"providerVersion\" : \"1.2.3\"",
        "\"sha256\"");
  }

  @Test
  @DisplayName("a reference no longer loads once the directory was saved again")
  void referenceRefusesNewerContent(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelRef first = ModelDirectory.save(dir, meta("x", 3), files(3));
    ModelRef second = ModelDirectory.save(dir, meta("x", 4), files(4));
    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> ModelDirectory.read(first)).isInstanceOf(ModelException.class)
        .hasMessageContaining("not the referenced model");
    assertThat(check(ModelDirectory.read(second))).isEqualTo(4);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m", ".m.lock");
    }
  }

  @Test
  @DisplayName("expect refuses another provider, kind or format version, naming both")
  void expectChecksProviderKindAndVersion(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelDirectory.save(dir, meta("robust-zscore", 2), files(2));
    SavedModel m = ModelDirectory.read(dir);
    assertThat(m.expect("robust-zscore", ModelKind.ANOMALY, 1, 2)).isSameAs(m);
    assertThatThrownBy(() -> m.expect("isolation-forest", ModelKind.ANOMALY, 1, 2))
        .isInstanceOf(ModelException.class).hasMessageContaining("robust-zscore").hasMessageContaining("isolation-forest");
    assertThatThrownBy(() -> m.expect("robust-zscore", ModelKind.CATEGORIZER, 1, 2))
        .isInstanceOf(ModelException.class).hasMessageContaining("anomaly").hasMessageContaining("categorizer");
    assertThatThrownBy(() -> m.expect("robust-zscore", ModelKind.ANOMALY, 3, 3))
        .isInstanceOf(ModelException.class).hasMessageContaining("version 2").hasMessageContaining("3");
  }

  @Test
  @DisplayName("a missing, empty or malformed metadata.json is a ModelException naming it")
  void malformedMetadata(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> ModelDirectory.read(tmp.resolve("none"))).isInstanceOf(ModelException.class);
    Path dir = Files.createDirectories(tmp.resolve("m"));
    assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelException.class)
        .hasMessageContaining("metadata.json");
    for (String bad : List.of("", "[]", "{\"provider\": \"x\"}", "{\"schema\":1,\"provider\":3}",
        "{\"schema\":9,\"provider\":\"x\",\"formatVersion\":1,\"kind\":\"anomaly\",\"trainingHash\":\"h\","
            + "\"trainingSize\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"files\":{}}",
        "{\"schema\":1,\"provider\":\"x\",\"formatVersion\":1,\"kind\":\"anomaly\",\"trainingHash\":\"h\","
            + "\"trainingSize\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"files\":{\"../../etc/passwd\":"
            + "{\"size\":1,\"sha256\":\"" + "0".repeat(64) + "\"}}}",
        "{\"schema\":1,\"provider\":\"x\",\"formatVersion\":1,\"kind\":\"weird\",\"trainingHash\":\"h\","
            + "\"trainingSize\":1,\"createdAt\":\"2026-01-01T00:00:00Z\",\"files\":{}}",
        "{\"schema\":1,\"provider\":\"x\",\"formatVersion\":1,\"kind\":\"anomaly\",\"trainingHash\":\"h\","
            + "\"trainingSize\":1,\"labels\":{\"a\":1},\"createdAt\":\"2026-01-01T00:00:00Z\",\"files\":{}}")) {
      Files.writeString(dir.resolve("metadata.json"), bad);
      assertThatThrownBy(() -> ModelDirectory.read(dir)).as(bad).isInstanceOf(ModelException.class)
          .hasMessageContaining("metadata.json");
    }
  }

  @Test
  @DisplayName("pfms 0.1 directories are still read: tfidf-gbm with modelSha256, embedding-gbm without")
  void readsLegacyDirectories(@TempDir Path tmp) throws Exception {
    byte[] model = {1, 2, 3, 4};
    Path tfidf = Files.createDirectories(tmp.resolve("tfidf"));
    Files.write(tfidf.resolve("model.bin"), model);
    Files.writeString(tfidf.resolve("training.jsonl"), "{}\n");
    Files.writeString(tfidf.resolve("metadata.json"), """
        {
          "provider" : "tfidf-gbm",
          "formatVersion" : 1,
          "trainingHash" : "80dfdc29bd3f6875c277e800822c76e34ba5db0270a47bc30e70c6d29070d385",
          "trainingSize" : 300,
          "labels" : [ "A", "B" ],
          "metrics" : { "heldOutAccuracy" : 0.9 },
          "createdAt" : "2026-12-01T23:40:12.123Z",
          "parameters" : { "trees" : "80" },
          "modelSha256" : "%s"
        }
        """.formatted(ModelDirectory.sha256(model)));
    SavedModel t = ModelDirectory.read(tfidf).expect("tfidf-gbm", ModelKind.CATEGORIZER, 1, 1);
    assertThat(t.legacy()).isTrue();
    assertThat(t.metadata().labels()).containsExactly("A", "B");
    assertThat(t.metadata().providerVersion()).isEmpty();
    assertThat(t.bytes("model.bin")).isEqualTo(model);
    assertThat(t.find("training.jsonl")).isPresent();
    Files.write(tfidf.resolve("model.bin"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> ModelDirectory.read(tfidf)).isInstanceOf(ModelException.class)
        .hasMessageContaining("checksum");

    Path emb = Files.createDirectories(tmp.resolve("emb"));
    Files.write(emb.resolve("model.bin"), model);
    Files.writeString(emb.resolve("metadata.json"), """
        {"provider":"embedding-gbm","formatVersion":1,"trainingHash":"aa","trainingSize":12,
         "labels":["A"],"metrics":{"heldOutAccuracy":1.0},"createdAt":"2026-11-30T08:00:00Z",
         "parameters":{"model":"all-MiniLM-L6-v2"}}
        """);
    SavedModel e = ModelDirectory.read(emb).expect("embedding-gbm", ModelKind.CATEGORIZER, 1, 1);
    assertThat(e.metadata().parameters()).containsEntry("model", "all-MiniLM-L6-v2");
    assertThat(e.bytes("model.bin")).isEqualTo(model);
  }

  @Test
  @DisplayName("saving over a directory that is not a saved model is refused and deletes nothing")
  void refusesToReplaceOtherDirectories(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(dir.resolve("letter.txt"), "keep me");
    assertThatThrownBy(() -> ModelDirectory.save(dir, meta("x", 1), files(1))).isInstanceOf(ModelException.class)
        .hasMessageContaining("refusing");
    assertThat(Files.readString(dir.resolve("letter.txt"))).isEqualTo("keep me");
    assertThatThrownBy(() -> ModelDirectory.save(tmp.resolve("m"), meta("x", 1),
        Map.of("../escape", out -> { }))).isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> ModelDirectory.save(tmp.resolve("m"), meta("x", 1),
        Map.of("metadata.json", out -> { }))).isInstanceOf(ModelException.class);
  }

  @Test
  @DisplayName("a save that fails midway (a full disk) leaves the previous model loadable and no debris")
  void failedSaveKeepsPreviousModel(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelRef good = ModelDirectory.save(dir, meta("x", 5), files(5));
    Map<String, ModelDirectory.Content> failing = new LinkedHashMap<>(files(9));
    failing.put("big.bin", out -> {
      out.write(new byte[100_000]);
      throw new IOException("No space left on device");
    });
    assertThatThrownBy(() -> ModelDirectory.save(dir, meta("x", 9), failing)).isInstanceOf(IOException.class)
        .hasMessageContaining("No space");
    assertThat(check(ModelDirectory.read(good))).isEqualTo(5);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m", ".m.lock");
    }
  }

  @Test
  @DisplayName("a save interrupted between its two renames is recovered by the next read and save")
  void recoversFromCrashBetweenRenames(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelDirectory.save(dir, meta("x", 5), files(5));
    Files.move(dir, tmp.resolve(".m.old-crashed"));
    assertThat(check(ModelDirectory.read(dir))).isEqualTo(5);
    ModelDirectory.save(dir, meta("x", 6), files(6));
    assertThat(check(ModelDirectory.read(dir))).isEqualTo(6);
    assertThat(tmp.resolve(".m.old-crashed")).doesNotExist();
  }

  @Test
  @DisplayName("two writers and a looping reader on one directory: every read sees one whole model")
  void concurrentWritersAndReader(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelDirectory.save(dir, meta("x", 1), files(1));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int base = w == 0 ? 10 : 1000;
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 40; i++) {
            ModelDirectory.save(dir, meta("x", base + i), files(base + i));
          }
          return 40;
        }));
      }
      Future<Integer> reader = pool.submit(() -> {
        start.await();
        int reads = 0;
        while (!done.get() || reads < 20) {
          check(ModelDirectory.read(dir));
          reads++;
        }
        return reads;
      });
      start.countDown();
      for (Future<Integer> w : writers) {
        assertThat(w.get(120, TimeUnit.SECONDS)).isEqualTo(40);
      }
      done.set(true);
      assertThat(reader.get(120, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(20);
      int last = check(ModelDirectory.read(dir));
      assertThat(last).isIn(49, 1039);
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("mutated, truncated or hostile saved files fail as ModelException, never another error")
  void fuzzedFilesFailAsModelException(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelDirectory.save(dir, meta("x", 16), files(16));
    byte[] meta = Files.readAllBytes(dir.resolve("metadata.json"));
    byte[] model = Files.readAllBytes(dir.resolve("model.bin"));
    Random r = new Random(7);
    int refused = 0;
    byte[] extra = Files.readAllBytes(dir.resolve("extra.txt"));
    for (int round = 0; round < 240; round++) {
      int mode = round % 8 == 0 ? 2 : r.nextInt(2);
      byte[] target = (mode == 0 ? meta : model).clone();
      for (int e = 1 + r.nextInt(4); e > 0; e--) {
        target[r.nextInt(target.length)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(5) == 0) {
        target = java.util.Arrays.copyOf(target, r.nextInt(target.length));
      }
      byte[] mutated = target;
      if (mode == 2) {
        // well-formed directory, checksums right, hostile content: the parser's bounds must hold
        ModelDirectory.save(dir, meta("x", 16), Map.of("model.bin", out -> out.write(mutated),
            "extra.txt", out -> out.write("n=16".getBytes(StandardCharsets.UTF_8))));
      } else {
        if (!java.util.Arrays.equals(Files.readAllBytes(dir.resolve("extra.txt")), extra)
            || Files.size(dir.resolve("metadata.json")) != meta.length || !Files.exists(dir.resolve("model.bin"))) {
          ModelDirectory.save(dir, meta("x", 16), files(16));
        }
        Files.write(dir.resolve("metadata.json"), mode == 0 ? mutated : meta);
        Files.write(dir.resolve("model.bin"), mode == 1 ? mutated : model);
      }
      try {
        ModelInput in = ModelDirectory.read(dir).input("model.bin");
        in.readInt();
        in.readDoubles("values");
        in.expectEnd();
      } catch (ModelException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(180);
  }

  @Test
  @DisplayName("declared counts are checked against the bytes left before anything is allocated")
  void boundedInput() {
    byte[] hostile = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
    assertThatThrownBy(() -> ModelInput.of("x.bin", hostile).readDoubles("values"))
        .isInstanceOf(ModelException.class).hasMessageContaining("x.bin").hasMessageContaining("count");
    byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
    assertThatThrownBy(() -> ModelInput.of("x.bin", negative).readInts("nodes"))
        .isInstanceOf(ModelException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> ModelInput.of("x.bin", new byte[3]).readInt())
        .isInstanceOf(ModelException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> ModelInput.of("x.bin", new byte[4]).readInt("trees", 1, 10))
        .isInstanceOf(ModelException.class).hasMessageContaining("trees");
  }

  @Test
  @DisplayName("a model file bigger than metadata.json says is refused before it is read")
  void sizeMismatchIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("m");
    ModelDirectory.save(dir, meta("x", 2), files(2));
    Files.write(dir.resolve("model.bin"), new byte[1 << 20]);
    assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(ModelException.class)
        .hasMessageContaining("bytes but metadata.json says");
  }

  @Test
  @DisplayName("model references parse, print and refuse bad hashes and non-file locations")
  void modelRefs(@TempDir Path tmp) {
    ModelRef r = ModelRef.of(tmp.resolve("m"), "0".repeat(64));
    assertThat(ModelRef.parse(r.toString())).isEqualTo(r);
    assertThat(r.path()).isEqualTo(tmp.resolve("m").toAbsolutePath());
    assertThatThrownBy(() -> ModelRef.of(tmp, "xyz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelRef.parse("s3://bucket/m#sha256=" + "0".repeat(64)).path())
        .isInstanceOf(ModelException.class).hasMessageContaining("s3");
  }

  @Test
  @DisplayName("metadata alone round-trips through metadataJson/parseMetadata, for stores")
  void metadataJsonRoundTrip() {
    ModelMetadata m = meta("isolation-forest", 3);
    assertThat(ModelDirectory.parseMetadata(ModelDirectory.metadataJson(m), "db row 7")).isEqualTo(m);
    assertThatThrownBy(() -> ModelDirectory.parseMetadata("{".getBytes(StandardCharsets.UTF_8), "db row 7"))
        .isInstanceOf(ModelException.class).hasMessageContaining("db row 7");
  }
}
