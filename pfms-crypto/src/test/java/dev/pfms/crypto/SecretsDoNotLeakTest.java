package dev.pfms.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.crypto.fernet.Fernet;
import dev.pfms.crypto.fernet.FernetKey;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.field.FieldKeyset;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import dev.pfms.crypto.shred.SubjectKeyStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** toString() of every type holding keys, and the messages of crypto failures, never carry key bytes. */
class SecretsDoNotLeakTest {

  @Test
  void keyHoldersAndFailureMessagesNeverContainKeyBytes(@TempDir Path dir) throws Exception {
    FieldKeyset keys = FieldKeyset.generate().rotate();
    FieldEncryptor enc = FieldEncryptor.create(keys);
    List<String> forms = new ArrayList<>(KeyMaterial.textForms(keys.aeadHandle()));
    forms.addAll(KeyMaterial.textForms(keys.deterministicHandle()));

    List<String> printed = new ArrayList<>();
    printed.add(keys.toString());
    printed.add(enc.toString());
    printed.add(keys.aeadHandle().toString());
    String token = enc.encrypt("r1", "name", "Alice");
    collect(printed, () -> enc.decrypt("r2", "name", token));
    collect(printed, () -> enc.decrypt("r1", "name", "not-base64!"));
    collect(printed, () -> enc.decrypt("x", "y", enc.blindIndex("y", "v")));
    collect(printed, () -> keys.retire(keys.primaryKeyId()));
    collect(printed, () -> keys.retire(12345));

    String kekUri = LocalKeysetKmsClient.generate(dir.resolve("kek.json"));
    SubjectKeyStore store = SubjectKeyStore.open(dir.resolve("deks"), Keks.aead(kekUri), Clock.systemUTC());
    FieldEncryptor subj = store.encryptor("s-1");
    forms.addAll(KeyMaterial.textForms(subj.keys().aeadHandle()));
    forms.addAll(KeyMaterial.textForms(com.google.crypto.tink.TinkJsonProtoKeysetFormat.parseKeyset(
        java.nio.file.Files.readString(dir.resolve("kek.json")), com.google.crypto.tink.InsecureSecretKeyAccess.get())));
    printed.add(store.toString());
    printed.add(subj.toString());
    store.shred("s-1");
    collect(printed, () -> store.encryptor("s-1"));

    FernetKey fk = FernetKey.generate(new SecureRandom());
    forms.add(fk.encode());
    forms.add(fk.encode().substring(0, 16));
    printed.add(fk.toString());
    printed.add(Fernet.of(fk).toString());
    collect(printed, () -> Fernet.of(fk).decrypt("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==", Instant.now()));

    assertThat(printed).hasSizeGreaterThan(12);
    for (String p : printed) {
      for (String f : forms) {
        assertThat(p).as("printed text must not contain key material").doesNotContain(f);
      }
      assertThat(p).doesNotContain("Alice");
    }
  }

  private static void collect(List<String> out, Runnable r) {
    try {
      r.run();
      throw new AssertionError("expected a failure");
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        out.add(String.valueOf(t.getMessage()));
        out.add(t.toString());
      }
    }
  }
}
