package dev.pfms.crypto.shred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.pfms.api.ModelException;
import dev.pfms.api.Pfms;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fitted anomaly model holds the history's merchant and account names: sealed with the subject's
 * key it is never plaintext on disk, and after the subject is shredded it cannot be read at all.
 */
class SealedModelShreddingTest {

  private static final String MERCHANT = "QUINTON-SMYTHE FAMILY BAKERY";
  private static final String ACCOUNT = "GB29NWBK60161331926819";

  private static List<Transaction> history() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      txs.add(Transaction.builder().account(ACCOUNT).bookingDate(LocalDate.of(2025, 1, 1).plusDays(i * 3L))
          .amount(Money.of(i % 7 == 0 ? "-250.00" : "-" + (4 + i % 5) + ".20", "GBP")).description(MERCHANT)
          .merchant(MERCHANT).provenance(new Provenance("history", i + 1)).build());
    }
    return txs;
  }

  private static boolean plaintextIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String b = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (b.contains(MERCHANT) || b.contains(ACCOUNT)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void aSealedModelHoldsNoPlaintextAndIsUnreadableAfterShred(@TempDir Path dir) throws Exception {
    AnomalyDetector detector = Pfms.anomalyDetector("robust-zscore", ProviderConfig.empty());
    List<Transaction> txs = history();
    AnomalyModel model = detector.fit(txs);

    // unsealed, the saved model really holds the names (so the sealed check below is not vacuous)
    model.save(dir.resolve("plain/model"));
    assertThat(plaintextIn(dir.resolve("plain"))).isTrue();

    Aead kek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.systemUTC());
    Path models = dir.resolve("alice/models");
    try (ModelDirectory.Protection p = ModelDirectory.protect(models, keys.encryptor("alice").modelCipher())) {
      model.save(models.resolve("anomaly"));
      assertThat(plaintextIn(models)).as("plaintext in a sealed model").isFalse();
      AnomalyModel back = detector.load(models.resolve("anomaly"));
      assertThat(back.score(txs)).isEqualTo(model.score(txs));

      keys.shred("alice");
      assertThatThrownBy(() -> detector.load(models.resolve("anomaly"))).isInstanceOf(ModelException.class)
          .hasMessageContaining("cannot be opened").hasMessageNotContaining(MERCHANT);
      assertThatThrownBy(() -> model.save(models.resolve("again"))).isInstanceOf(ModelException.class)
          .hasMessageContaining("cannot seal");
    }
    // a restarted process with the subject's key store: the key is gone, the model stays unreadable
    SubjectKeyStore restarted = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.systemUTC());
    assertThatThrownBy(() -> restarted.encryptor("alice")).isInstanceOf(SubjectShreddedException.class);
    assertThatThrownBy(() -> detector.load(models.resolve("anomaly"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("sealed model");
    assertThat(plaintextIn(models)).isFalse();
  }
}
