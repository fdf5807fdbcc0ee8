package dev.pfms.crypto.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.KeyMaterial;
import dev.pfms.crypto.internal.TinkRuntime;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldEncryptorTest {

  private final FieldEncryptor enc = FieldEncryptor.create(FieldKeyset.generate());

  @Test
  void roundTripsAFieldAndRandomizesCiphertexts() {
    String a = enc.encrypt("tx-1", "counterpartyIban", "GB33BUKB20201555555555");
    String b = enc.encrypt("tx-1", "counterpartyIban", "GB33BUKB20201555555555");
    assertThat(a).isNotEqualTo(b).doesNotContain("GB33");
    assertThat(enc.decrypt("tx-1", "counterpartyIban", a)).isEqualTo("GB33BUKB20201555555555");
  }

  @Test
  void ciphertextMovedToAnotherRecordOrFieldFailsToDecrypt() {
    String t = enc.encrypt("tx-1", "name", "Alice Smith");
    assertThatThrownBy(() -> enc.decrypt("tx-2", "name", t)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("tx-2").hasMessageContaining("name").hasMessageNotContaining("Alice");
    assertThatThrownBy(() -> enc.decrypt("tx-1", "reference", t)).isInstanceOf(CryptoException.class);
  }

  @Test
  void recordAndFieldBoundariesCannotBeShifted() {
    String t = enc.encrypt("ab", "c", "secret");
    assertThatThrownBy(() -> enc.decrypt("a", "bc", t)).isInstanceOf(CryptoException.class);
  }

  @Test
  void alteredCiphertextFailsToDecrypt() {
    byte[] ct = enc.encrypt("tx-1", "name", "Alice".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> enc.decrypt("tx-1", "name", bad)).as("flipped byte %d", at).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void blindIndexIsADeterministicKeyedOneWayHmacPerField() {
    String a = enc.blindIndex("iban", "GB33BUKB20201555555555");
    assertThat(enc.blindIndex("iban", "GB33BUKB20201555555555")).isEqualTo(a);
    assertThat(enc.blindIndex("iban", "GB33BUKB20201555555556")).isNotEqualTo(a);
    assertThat(enc.blindIndex("accountNumber", "GB33BUKB20201555555555")).isNotEqualTo(a);
    // Tink key prefix + a 32-byte HMAC-SHA256 tag, whatever the value's length: nothing to decrypt
    assertThat(dev.pfms.crypto.internal.TinkRuntime.unb64(a)).hasSize(37);
    assertThat(enc.blindIndex("iban", "x".repeat(500))).hasSize(a.length());
    assertThat(FieldEncryptor.keyIdOf(a)).isEqualTo(enc.keys().deterministicPrimaryKeyId());
    assertThat(FieldEncryptor.create(FieldKeyset.generate()).blindIndex("iban", "GB33BUKB20201555555555"))
        .as("keyed: another key gives another index").isNotEqualTo(a);
    assertThat(FieldEncryptor.class.getMethods()).extracting(java.lang.reflect.Method::getName)
        .doesNotContain("decryptBlindIndex");
  }

  @Test
  void rotationKeepsOldDataReadableAndTheJobMovesEverythingToTheNewKeyReportingProgress() {
    FieldKeyset v1 = enc.keys();
    Map<String, ReEncryptionJob.Item> store = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      store.put("r" + i + "/name", new ReEncryptionJob.Item("r" + i, "name", enc.encrypt("r" + i, "name", "person " + i), false));
    }
    Map<String, String> index = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      index.put("r" + i, enc.blindIndex("iban", "IBAN" + i));
    }
    FieldKeyset v2 = v1.rotate();
    FieldEncryptor enc2 = FieldEncryptor.create(v2);
    assertThat(v2.primaryKeyId()).isNotEqualTo(v1.primaryKeyId());
    assertThat(v2.keyIds()).contains(v1.primaryKeyId(), v2.primaryKeyId());
    // old data still decrypts with the rotated keyset; new data uses the new key
    assertThat(enc2.decrypt("r3", "name", store.get("r3/name").token())).isEqualTo("person 3");
    assertThat(FieldEncryptor.keyIdOf(enc2.encrypt("x", "name", "v"))).isEqualTo(v2.primaryKeyId());
    // a look-up during the rotation finds old index values through the candidates
    assertThat(enc2.blindIndexCandidates("iban", "IBAN7")).contains(index.get("r7")).hasSize(2);
    // a one-way index cannot be re-keyed by the job: it says so
    ReEncryptionJob.Report idx = new ReEncryptionJob(enc2, 10).run(
        List.of(new ReEncryptionJob.Item("r7", "iban", index.get("r7"), true)), (i, t) -> {}, (d, t, m) -> {});
    assertThat(idx.failed()).isEqualTo(1);

    List<long[]> progress = new ArrayList<>();
    ReEncryptionJob.Report r = new ReEncryptionJob(enc2, 10).run(List.copyOf(store.values()),
        (item, token) -> store.put(item.recordId() + "/" + item.field(),
            new ReEncryptionJob.Item(item.recordId(), item.field(), token, item.blindIndex())),
        (done, total, moved) -> progress.add(new long[] {done, total, moved}));
    assertThat(r.examined()).isEqualTo(25);
    assertThat(r.reEncrypted()).isEqualTo(25);
    assertThat(r.complete()).isTrue();
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
    assertThat(progress.get(progress.size() - 1)).containsExactly(25, 25, 25);
    // running again finds nothing to do
    ReEncryptionJob.Report again = new ReEncryptionJob(enc2, 10).run(List.copyOf(store.values()), (i, t) -> {
      throw new AssertionError("nothing should be rewritten");
    }, (d, t, m) -> {});
    assertThat(again.alreadyCurrent()).isEqualTo(25);

    // retire the old keys: moved data reads, a straggler on the old key does not
    String straggler = enc.encrypt("r0", "name", "person 0");
    FieldEncryptor enc3 = FieldEncryptor.create(v2.retire(v1.primaryKeyId()).retire(v1.deterministicPrimaryKeyId()));
    assertThat(enc3.keys().keyIds()).containsExactly(v2.primaryKeyId());
    assertThat(enc3.decrypt("r3", "name", store.get("r3/name").token())).isEqualTo("person 3");
    assertThat(enc3.blindIndex("iban", "IBAN3")).isEqualTo(enc2.blindIndex("iban", "IBAN3"))
        .isNotEqualTo(index.get("r3"));
    assertThatThrownBy(() -> enc3.decrypt("r0", "name", straggler)).isInstanceOf(CryptoException.class)
        .hasMessageContaining(Integer.toString(v1.primaryKeyId()));
    assertThatThrownBy(() -> v2.retire(v2.primaryKeyId())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reEncryptionJobNamesRecordsItCannotDecryptAndCarriesOn() {
    FieldEncryptor other = FieldEncryptor.create(FieldKeyset.generate());
    List<ReEncryptionJob.Item> items = List.of(
        new ReEncryptionJob.Item("r1", "name", other.encrypt("r1", "name", "x"), false),
        new ReEncryptionJob.Item("r2", "name", enc.encrypt("r2", "name", "y"), false));
    FieldEncryptor rotated = FieldEncryptor.create(enc.keys().rotate());
    ReEncryptionJob.Report r = new ReEncryptionJob(rotated, 1).run(items, (i, t) -> {}, (d, t, m) -> {});
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.failures()).containsExactly("r1/name");
    assertThat(r.reEncrypted()).isEqualTo(1);
    assertThat(r.complete()).isFalse();
  }

  @Test
  void keysetsPersistEncryptedUnderALocalKeysetKekAndNeedTheRightKek(@TempDir Path dir) throws Exception {
    String kekUri = LocalKeysetKmsClient.generate(dir.resolve("kek.json"));
    Aead kek = Keks.aead(kekUri);
    FieldKeyset keys = enc.keys().rotate();
    keys.writeEncrypted(dir.resolve("field-keys.json"), kek);
    String onDisk = Files.readString(dir.resolve("field-keys.json"));
    for (String form : KeyMaterial.textForms(keys.aeadHandle())) {
      assertThat(onDisk).doesNotContain(form);
    }
    FieldKeyset back = FieldKeyset.readEncrypted(dir.resolve("field-keys.json"), kek);
    String t = enc.encrypt("r", "f", "v");
    assertThat(FieldEncryptor.create(back).decrypt("r", "f", t)).isEqualTo("v");

    Aead otherKek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek2.json")));
    assertThatThrownBy(() -> FieldKeyset.readEncrypted(dir.resolve("field-keys.json"), otherKek))
        .isInstanceOf(CryptoException.class).hasMessageContaining("field-keys.json");
  }

  @Test
  void envelopeEncryptionThroughTheKmsClientPathRoundTrips(@TempDir Path dir) throws Exception {
    String kekUri = LocalKeysetKmsClient.generate(dir.resolve("kek.json"));
    Aead envelope = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, Keks.aead(kekUri));
    byte[] ct = envelope.encrypt("statement.pdf bytes".getBytes(StandardCharsets.UTF_8), "doc-1".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(envelope.decrypt(ct, "doc-1".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
        .isEqualTo("statement.pdf bytes");
    Aead wrongKek = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM,
        Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("other.json"))));
    assertThatThrownBy(() -> wrongKek.decrypt(ct, "doc-1".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(java.security.GeneralSecurityException.class);
  }

  @Test
  void unknownKekSchemeFailsNamingWhatIsSupported() {
    assertThatThrownBy(() -> Keks.aead("vault-kms://secret/kek")).isInstanceOf(CryptoException.class)
        .hasMessageContaining("vault-kms://").hasMessageContaining(LocalKeysetKmsClient.PREFIX)
        .hasMessageContaining("KmsClients.add");
  }

  @Test
  void aKmsClientRegisteredWithTinkIsUsedWithoutCodeChanges(@TempDir Path dir) throws Exception {
    Path kekFile = dir.resolve("kek.json");
    LocalKeysetKmsClient.generate(kekFile);
    // Stand-in for a cloud KMS client: it serves its own scheme, registered the way an app registers GcpKmsClient.
    com.google.crypto.tink.KmsClient fakeCloud = new com.google.crypto.tink.KmsClient() {
      @Override
      public boolean doesSupport(String uri) {
        return uri.startsWith("test-cloud-kms://" + dir.getFileName());
      }

      @Override
      public com.google.crypto.tink.KmsClient withCredentials(String p) {
        return this;
      }

      @Override
      public com.google.crypto.tink.KmsClient withDefaultCredentials() {
        return this;
      }

      @Override
      public Aead getAead(String uri) throws java.security.GeneralSecurityException {
        return new LocalKeysetKmsClient().getAead(LocalKeysetKmsClient.uri(kekFile));
      }
    };
    com.google.crypto.tink.KmsClients.add(fakeCloud);
    Aead kek = Keks.aead("test-cloud-kms://" + dir.getFileName() + "/keys/kek");
    enc.keys().writeEncrypted(dir.resolve("k.json"), kek);
    assertThat(FieldKeyset.readEncrypted(dir.resolve("k.json"), Keks.aead(LocalKeysetKmsClient.uri(kekFile)))
        .primaryKeyId()).isEqualTo(enc.keys().primaryKeyId());
  }

  @Test
  void keyIdOfReadsTinksPrefix() {
    assertThat(FieldEncryptor.keyIdOf(enc.encrypt("r", "f", "v"))).isEqualTo(enc.keys().primaryKeyId());
    assertThatThrownBy(() -> FieldEncryptor.keyIdOf(TinkRuntime.b64(new byte[] {0, 1, 2, 3, 4, 5})))
        .isInstanceOf(CryptoException.class);
  }
}
