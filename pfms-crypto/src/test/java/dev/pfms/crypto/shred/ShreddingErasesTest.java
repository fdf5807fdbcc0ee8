package dev.pfms.crypto.shred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shredding revokes every primitive of the subject's key at once, and leaves nothing that yields the plaintext. */
class ShreddingErasesTest {

  private static final String NAME = "Alice Quinton-Smythe";
  private static final String IBAN = "GB29NWBK60161331926819";

  @Test
  void anEncryptorObtainedBeforeShredStopsWorkingEntirely(@TempDir Path dir) throws Exception {
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), Keks.aead(LocalKeysetKmsClient.generate(
        dir.resolve("kek.json"))), Clock.systemUTC());
    FieldEncryptor held = keys.encryptor("alice");
    String token = held.encrypt("r1", "name", NAME);
    held.blindIndex("iban", IBAN);
    keys.shred("alice");
    assertThatThrownBy(() -> held.decrypt("r1", "name", token)).isInstanceOf(SubjectShreddedException.class);
    assertThatThrownBy(() -> held.encrypt("r2", "name", NAME)).isInstanceOf(SubjectShreddedException.class);
    assertThatThrownBy(() -> held.blindIndex("iban", IBAN)).isInstanceOf(SubjectShreddedException.class);
    assertThatThrownBy(() -> held.blindIndexCandidates("iban", IBAN)).isInstanceOf(SubjectShreddedException.class);
    assertThatThrownBy(() -> keys.encryptor("alice")).isInstanceOf(SubjectShreddedException.class);
    // another subject is untouched
    assertThat(keys.encryptor("bob").decrypt("r", "n", keys.encryptor("bob").encrypt("r", "n", "x"))).isEqualTo("x");
  }

  @Test
  void noEncryptionRacingShredSucceedsAfterShredReturns(@TempDir Path dir) throws Exception {
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), Keks.aead(LocalKeysetKmsClient.generate(
        dir.resolve("kek.json"))), Clock.systemUTC());
    FieldEncryptor held = keys.encryptor("alice");
    AtomicBoolean shredded = new AtomicBoolean();
    AtomicInteger afterShred = new AtomicInteger();
    AtomicInteger before = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 300; i++) {
            boolean startedAfter = shredded.get();
            try {
              held.encrypt("r" + i, "name", NAME);
              (startedAfter ? afterShred : before).incrementAndGet();
            } catch (SubjectShreddedException e) {
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      go.countDown();
      Thread.sleep(5);
      keys.shred("alice");
      shredded.set(true);
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(afterShred).as("encryptions that started after shred returned and succeeded").hasValue(0);
    assertThat(before.get() + refused.get()).isEqualTo(1200);
    assertThatThrownBy(() -> held.encrypt("x", "name", NAME)).isInstanceOf(SubjectShreddedException.class);
  }

  @Test
  void afterShredNothingYieldsThePlaintextCacheIndexSavedModelOrStore(@TempDir Path dir) throws Exception {
    Aead kek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("data/deks"), kek, Clock.systemUTC());
    FieldEncryptor alice = keys.encryptor("alice");
    // the store: PII encrypted per record, amounts and categories in the clear
    StringBuilder store = new StringBuilder();
    Map<String, String> index = new HashMap<>();
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = "tx-" + i;
      store.append(id).append(',').append(alice.encrypt(id, "counterparty", NAME)).append(',')
          .append(alice.encrypt(id, "iban", IBAN)).append(",-12.50\n");
      index.put(alice.blindIndex("iban", IBAN), id);
      txs.add(Transaction.builder().account("acc").bookingDate(LocalDate.of(2025, 1, 1 + i))
          .amount(new Money(new BigDecimal("-12.50"), Currency.getInstance("GBP")))
          .description("TESCO STORES " + alice.blindIndex("iban", IBAN).substring(0, 8))
          .provenance(new Provenance("store", i)).category(Taxonomy.standard().get("FOOD_AND_DRINK_GROCERIES")).build());
    }
    Files.writeString(dir.resolve("data/store.csv"), store);
    Files.writeString(dir.resolve("data/index.txt"), String.join("\n", index.keySet()));
    // what a model derived from the subject's (pseudonymised) transactions: its metadata and its
    // predictions, saved beside the store (core's rules categorizer keeps no model file of its own)
    Categorizer rules = Pfms.categorizer("rules", ProviderConfig.empty());
    Files.createDirectories(dir.resolve("data/model"));
    Files.writeString(dir.resolve("data/model/metadata.txt"), String.valueOf(rules.train(txs)));
    Files.writeString(dir.resolve("data/model/predictions.txt"), String.valueOf(rules.categorizeAll(txs)));

    keys.shred("alice");

    // no file anywhere holds the plaintext
    byte[][] secrets = {NAME.getBytes(StandardCharsets.UTF_8), IBAN.getBytes(StandardCharsets.UTF_8)};
    int files = 0;
    try (Stream<Path> all = Files.walk(dir.resolve("data"))) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(f);
        for (byte[] s : secrets) {
          assertThat(indexOf(b, s)).as(f + " holds plaintext").isEqualTo(-1);
        }
        files++;
      }
    }
    assertThat(files).isGreaterThanOrEqualTo(4);
    // the cache, the held encryptor and a restarted store refuse; the index cannot be recomputed or reversed
    assertThatThrownBy(() -> keys.encryptor("alice")).isInstanceOf(SubjectShreddedException.class);
    assertThatThrownBy(() -> alice.blindIndex("iban", IBAN)).isInstanceOf(SubjectShreddedException.class);
    SubjectKeyStore restarted = SubjectKeyStore.open(dir.resolve("data/deks"), kek, Clock.systemUTC());
    String row = store.toString().lines().findFirst().orElseThrow();
    String cipher = row.split(",")[1];
    assertThatThrownBy(() -> restarted.encryptor("alice").decrypt("tx-0", "counterparty", cipher))
        .isInstanceOf(SubjectShreddedException.class);
    assertThat(FieldEncryptor.class.getMethods()).extracting(java.lang.reflect.Method::getName)
        .doesNotContain("decryptBlindIndex");
    // the derived model still categorizes by merchant without any PII
    assertThat(rules.categorize(txs.get(0)).category()).isEqualTo(txs.get(0).category());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
