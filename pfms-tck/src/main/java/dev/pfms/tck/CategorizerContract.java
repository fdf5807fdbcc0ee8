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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
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
 * concurrent consistency, corrections (applied at once to the merchant, surviving a retrain and —
 * through the provider's {@code corrections} file option — a restart), metadata, a model swap that a
 * concurrent batch never sees half-done, a save/load round trip (every categorizer saves; there is
 * no opt-out) and damaged saved bytes failing as {@link ModelException}.
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
  @DisplayName("declared categories without examples: training works, known merchants stay right, retrain keeps them")
  void declaredCategoriesWithoutExamples() {
    CategorizerProvider p = provider();
    Categorizer c = p.create(config().validate(p.name(), p.options()));
    List<Transaction> data = TckData.labelled(trainingExamplesPerCategory(), 1);
    List<Category> declared = List.of(Category.of("INCOME_INTEREST"), Category.of("GENERAL_SERVICES_INSURANCE"));
    ModelMetadata m = c.train(data, declared);
    java.util.Set<String> known = new java.util.HashSet<>(m.labels());
    data.forEach(t -> known.add(t.category().code()));
    declared.forEach(d -> known.add(d.code()));
    int right = 0;
    List<Transaction> test = unseen();
    for (Transaction t : test) {
      Prediction pr = c.categorize(t);
      right += pr.category().equals(t.category()) ? 1 : 0;
      if (!pr.category().equals(Category.UNCATEGORIZED)) {
        assertThat(known).as("a predicted category is a label or a declared one").contains(pr.category().code());
      }
    }
    assertThat((double) right / test.size()).as("accuracy with declared categories").isGreaterThanOrEqualTo(0.75);
    assertThat(c.retrain().labels()).isEqualTo(m.labels());
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
  @DisplayName("a saved model loads back and predicts the same (every categorizer saves)")
  void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
    Categorizer c = trained();
    c.save(dir);
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
  @Test
  @DisplayName("a model saved under a protected directory is sealed at rest and loads back the same")
  void sealedSaveAndLoadRoundTrip(@TempDir Path root) throws Exception {
    Categorizer c = trained();
    Path dir = root.resolve("model");
    dev.pfms.api.io.ModelCipher cipher = new JdkAesGcm();
    try (dev.pfms.api.io.ModelDirectory.Protection sealed = dev.pfms.api.io.ModelDirectory.protect(root, cipher)) {
      c.save(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          for (Transaction t : TckData.labelled(trainingExamplesPerCategory(), 1)) {
            String word = t.description().split(" ")[0];
            if (word.length() >= 5 && !f.getFileName().toString().equals(ModelMetadata.FILE_NAME)) {
              assertThat(text).as(f.getFileName() + " holds training text in plaintext").doesNotContain(word);
            }
          }
        }
      }
      Categorizer loaded = provider().load(dir, config());
      for (Transaction t : unseen()) {
        assertThat(loaded.categorize(t).category()).isEqualTo(c.categorize(t).category());
      }
    }
    assertThatThrownBy(() -> provider().load(dir, config())).as("a sealed model without its key is refused")
        .isInstanceOf(ModelException.class).hasMessageContaining("sealed");
  }

  /** A JDK AES-256-GCM model cipher, so the TCK needs no crypto library. */
  private static final class JdkAesGcm implements dev.pfms.api.io.ModelCipher {
    private final javax.crypto.SecretKey key;

    JdkAesGcm() throws java.security.GeneralSecurityException {
      javax.crypto.KeyGenerator g = javax.crypto.KeyGenerator.getInstance("AES");
      g.init(256);
      this.key = g.generateKey();
    }

    @Override
    public String keyId() {
      return "tck-aes-gcm";
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] ad) throws java.security.GeneralSecurityException {
      byte[] nonce = new byte[12];
      new java.security.SecureRandom().nextBytes(nonce);
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      c.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, nonce));
      c.updateAAD(ad);
      byte[] ct = c.doFinal(plaintext);
      return java.nio.ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array();
    }

    @Override
    public byte[] open(byte[] ciphertext, byte[] ad) throws java.security.GeneralSecurityException {
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      c.init(javax.crypto.Cipher.DECRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, ciphertext, 0, 12));
      c.updateAAD(ad);
      return c.doFinal(ciphertext, 12, ciphertext.length - 12);
    }
  }

  private Categorizer create(ProviderConfig cfg) {
    CategorizerProvider p = provider();
    return p.create(cfg.validate(p.name(), p.options()));
  }

  private static final Category GIFTS = Category.of("GENERAL_MERCHANDISE_GIFTS");

  private static Transaction costa(int day) {
    return TckData.tx("COSTA COFFEE 4411 LEEDS", "-3.10", LocalDate.of(2025, 6, day));
  }

  @Test
  @DisplayName("a correction applies at once to later transactions of that merchant, before any retrain")
  void correctionAppliesAtOnce() {
    Categorizer c = trained();
    c.correct(costa(1), GIFTS);
    assertThat(c.categorize(costa(2)).category()).isEqualTo(GIFTS);
    assertThat(c.categorizeAll(List.of(costa(3), costa(4)))).allSatisfy(p -> assertThat(p.category()).isEqualTo(GIFTS));
  }

  @Test
  @DisplayName("corrections survive a restart: a new categorizer on the same corrections file sees them")
  void correctionsSurviveRestart(@TempDir Path dir) {
    CategorizerProvider p = provider();
    assumeThat(p.options().stream().anyMatch(k -> k.name().equals("corrections")))
        .as(p.name() + " has no 'corrections' file option").isTrue();
    Path file = dir.resolve("corrections.jsonl");
    ProviderConfig cfg = config().with("corrections", file);
    Categorizer first = create(cfg);
    first.train(TckData.labelled(trainingExamplesPerCategory(), 1));
    first.correct(costa(1), GIFTS);
    Categorizer second = create(cfg);
    second.train(TckData.labelled(trainingExamplesPerCategory(), 1));
    assertThat(second.categorize(costa(2)).category()).isEqualTo(GIFTS);
    second.retrain();
    assertThat(second.categorize(costa(3)).category()).isEqualTo(GIFTS);
  }

  /** The same merchants with every label moved to the next category: a model that disagrees everywhere. */
  private List<Transaction> relabelled() {
    List<String> cats = List.of("FOOD_AND_DRINK_GROCERIES", "FOOD_AND_DRINK_COFFEE", "TRANSPORTATION_FUEL",
        "ENTERTAINMENT_TV_AND_MOVIES");
    return TckData.labelled(trainingExamplesPerCategory(), 1).stream()
        .map(t -> t.withCategory(Category.of(cats.get((cats.indexOf(t.category().code()) + 1) % cats.size()))))
        .toList();
  }

  @Test
  @DisplayName("a batch scored while the model is retrained sees the old or the new model, never a mix")
  void concurrentBatchSeesOneModel() throws Exception {
    Categorizer c = create(config());
    List<Transaction> a = TckData.labelled(trainingExamplesPerCategory(), 1);
    List<Transaction> b = relabelled();
    List<Transaction> batch = unseen();
    c.train(a);
    List<Category> underA = c.categorizeAll(batch).stream().map(Prediction::category).toList();
    c.train(b);
    List<Category> underB = c.categorizeAll(batch).stream().map(Prediction::category).toList();
    assertThat(underA).as("the two models must disagree for this test to mean anything").isNotEqualTo(underB);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean training = new AtomicBoolean(true);
    try {
      Future<?> trainer = pool.submit(() -> {
        try {
          for (int i = 0; i < 4; i++) {
            c.train(i % 2 == 0 ? a : b);
          }
        } finally {
          training.set(false);
        }
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int seen = 0;
          do {
            List<Category> got = c.categorizeAll(batch).stream().map(Prediction::category).toList();
            assertThat(got).as("a batch scored during retraining").isIn(underA, underB);
            seen++;
          } while (training.get());
          return seen;
        }));
      }
      trainer.get(600, TimeUnit.SECONDS);
      for (Future<Integer> f : readers) {
        assertThat(f.get(600, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Path saved(Categorizer c, Path dir) throws Exception {
    c.save(dir);
    return dir;
  }

  private static List<Path> modelFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> !f.getFileName().toString().equals(ModelMetadata.FILE_NAME)).sorted().toList();
    }
  }

  @Test
  @DisplayName("saving again replaces the previous model only once the new one is complete")
  void saveReplacesAtomically(@TempDir Path tmp) throws Exception {
    Categorizer c = trained();
    Path dir = saved(c, tmp.resolve("model"));
    Categorizer other = create(config());
    other.train(relabelled());
    other.save(dir);
    Categorizer loaded = provider().load(dir, config());
    assertThat(loaded.metadata().orElseThrow().trainingHash()).isEqualTo(other.metadata().orElseThrow().trainingHash());
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tmp-") || n.contains(".old-")))
          .as("no temporary directory is left behind").isEmpty();
    }
  }

  @Test
  @DisplayName("damaged saved bytes (flipped, truncated, wrong checksum, missing metadata) fail as ModelException")
  void badSavedBytesAreModelExceptions(@TempDir Path tmp) throws Exception {
    Categorizer c = trained();
    Path good = saved(c, tmp.resolve("good"));
    CategorizerProvider p = provider();
    Random r = new Random(11);
    List<Path> files = modelFiles(good);
    assertThat(files).as("a saved model has files besides metadata.json").isNotEmpty();
    int k = 0;
    for (Path f : files) {
      byte[] original = Files.readAllBytes(f);
      for (String damage : List.of("flip", "truncate", "garbage", "huge-lengths")) {
        Path dir = tmp.resolve("bad-" + k++);
        copyTree(good, dir);
        Path target = dir.resolve(f.getFileName());
        byte[] bytes = switch (damage) {
          case "flip" -> flip(original, r);
          case "truncate" -> java.util.Arrays.copyOf(original, original.length / 2);
          case "garbage" -> randomBytes(original.length, r);
          default -> hugeLengths(original);
        };
        Files.write(target, bytes);
        assertThatThrownBy(() -> p.load(dir, config())).as(damage + " " + f.getFileName())
            .isInstanceOf(ModelException.class);
        // the same bytes with the checksum in metadata.json made to match: the decoder itself must cope
        if (rehash(dir, f.getFileName().toString(), bytes)) {
          Categorizer loaded;
          try {
            loaded = p.load(dir, config());
          } catch (ModelException expected) {
            continue;
          }
          // some damage leaves a readable model (a flipped weight): it must still predict or fail cleanly
          try {
            loaded.categorizeAll(unseen());
          } catch (ModelException expected) {
            // fine
          }
        }
      }
    }
    Path noMeta = tmp.resolve("no-metadata");
    copyTree(good, noMeta);
    Files.delete(noMeta.resolve(ModelMetadata.FILE_NAME));
    assertThatThrownBy(() -> p.load(noMeta, config())).isInstanceOf(ModelException.class);
    Path badMeta = tmp.resolve("bad-metadata");
    copyTree(good, badMeta);
    byte[] meta = Files.readAllBytes(badMeta.resolve(ModelMetadata.FILE_NAME));
    Files.write(badMeta.resolve(ModelMetadata.FILE_NAME), java.util.Arrays.copyOf(meta, meta.length / 2));
    assertThatThrownBy(() -> p.load(badMeta, config())).isInstanceOf(ModelException.class);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes metadata.json's checksum of a file match new bytes; false when the format has no checksums. */
  private static boolean rehash(Path dir, String file, byte[] bytes) throws Exception {
    Path meta = dir.resolve(ModelMetadata.FILE_NAME);
    JsonNode n = JSON.readTree(meta.toFile());
    if (!(n.get("files") instanceof ObjectNode files) || !files.has(file)) {
      return false;
    }
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    if (files.get(file) instanceof ObjectNode entry) {
      entry.put("sha256", sha);
      entry.put("size", bytes.length);
    } else {
      files.put(file, sha);
    }
    Files.writeString(meta, JSON.writeValueAsString(n), StandardCharsets.UTF_8);
    return true;
  }

  private static byte[] flip(byte[] b, Random r) {
    byte[] out = b.clone();
    for (int i = 0; i < Math.max(1, out.length / 50); i++) {
      int at = r.nextInt(Math.max(1, out.length));
      if (out.length > 0) {
        out[at] ^= (byte) (1 + r.nextInt(255));
      }
    }
    return out;
  }

  private static byte[] randomBytes(int n, Random r) {
    byte[] out = new byte[Math.max(16, n)];
    r.nextBytes(out);
    return out;
  }

  /** Every aligned 4-byte word set to 0x7fffffff or -1 in turn: lengths that would allocate gigabytes. */
  private static byte[] hugeLengths(byte[] b) {
    byte[] out = b.clone();
    for (int i = 0; i + 4 <= Math.min(out.length, 64); i += 4) {
      int v = (i / 4) % 2 == 0 ? Integer.MAX_VALUE : -1;
      out[i] = (byte) (v >>> 24);
      out[i + 1] = (byte) (v >>> 16);
      out[i + 2] = (byte) (v >>> 8);
      out[i + 3] = (byte) v;
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
