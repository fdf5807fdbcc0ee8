package dev.pfms.examples.walkthrough;

import com.google.crypto.tink.Aead;
import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.pipeline.Pipeline;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import dev.pfms.crypto.ledger.HashChainConsentLedgerProvider;
import dev.pfms.crypto.shred.SubjectKeyStore;
import dev.pfms.crypto.shred.SubjectShreddedException;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Record consent in a tamper-evident ledger, let the pipeline enforce it, encrypt a data subject's
 * descriptions under their own key, then erase them by destroying that key (crypto-shredding).
 *
 * <pre>{@code java ... dev.pfms.examples.walkthrough.ConsentAndEncryption [sample_data/transactions.csv [workdir]]}</pre>
 */
public final class ConsentAndEncryption {

  private ConsentAndEncryption() {}

  /**
   * Runs the walkthrough.
   *
   * @param args the bank export (default {@code sample_data/transactions.csv}) and a working
   *     directory for keys and the ledger (default: a new temporary directory)
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "sample_data/transactions.csv"),
        args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("pfms-walkthrough"), System.out);
  }

  static void run(Path file, Path dir, PrintStream out) throws IOException {
    IngestSource source = IngestSource.of(file);
    List<Transaction> txs = Pfms.ingestorFor(source).ingest(source).transactions();
    String subject = "subject-42"; // a pseudonymous id: the ledger never holds names
    Instant now = Instant.now();

    // 1. Consent: an append-only ledger, hash-chained and signed (Ed25519).
    ConsentLedger ledger = Pfms.consentLedger("hash-chain", ProviderConfig.builder()
        .set(HashChainConsentLedgerProvider.PATH, dir.resolve("consent.jsonl"))
        // the signing key is encrypted under a password-derived KEK (PBKDF2); in an application the
        // password comes from the PFMS_LEDGER_PASSWORD environment variable, never from code
        .set(HashChainConsentLedgerProvider.PASSWORD, "walkthrough-demo-password").build());
    ledger.append(ConsentEvent.grant(subject, Purpose.STORAGE, now, "app"));
    ledger.append(ConsentEvent.grant(subject, Purpose.CATEGORIZATION, now, "app"));
    out.printf("1. consent ledger: %d entries; categorization granted: %s, forecasting granted: %s%n", ledger.size(),
        ledger.isGranted(subject, Purpose.CATEGORIZATION, Instant.now()),
        ledger.isGranted(subject, Purpose.FORECASTING, Instant.now()));

    // 2. The pipeline checks consent before each step and refuses before any provider sees data.
    Categorizer categorizer = Pfms.categorizer("rules", ProviderConfig.empty());
    categorizer.train(SampleGenerator.builder().seed(1).months(12).build().generate().stream()
        .map(SampleRow::transaction).toList());
    Pipeline pipeline = Pipeline.builder().categorizer(categorizer)
        .anomalyDetector(Pfms.anomalyDetector("robust-zscore", ProviderConfig.empty()))
        .forecaster(Pfms.forecaster("seasonal-naive", ProviderConfig.empty())).consent(ledger, subject).build();
    try {
      pipeline.run(txs);
    } catch (ConsentRequiredException e) {
      out.println("2. pipeline refused: " + e.getMessage());
    }
    ledger.append(ConsentEvent.grant(subject, Purpose.ANOMALY_DETECTION, Instant.now(), subject));
    ledger.append(ConsentEvent.grant(subject, Purpose.FORECASTING, Instant.now(), subject));
    out.printf("   after the subject granted the rest: %d forecasts%n", pipeline.run(txs).forecasts().size());

    // 3. Field encryption under the subject's own key (AES-256-GCM via Tink). The key is wrapped by
    //    a key-encryption key: a local keyset file here, a cloud KMS (gcp-kms://, aws-kms://) in production.
    Aead kek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("keys"), kek, Clock.systemUTC());
    FieldEncryptor enc = keys.encryptor(subject);
    List<String> stored = txs.stream().map(t -> enc.encrypt(t.id(), "description", t.description())).toList();
    Transaction first = txs.getFirst();
    out.printf("3. encrypted %d descriptions; stored: %s…; decrypted: %s%n", stored.size(),
        stored.getFirst().substring(0, 24), enc.decrypt(first.id(), "description", stored.getFirst()));
    // bound to record and field: the same token under another transaction id does not decrypt
    try {
      enc.decrypt(txs.get(1).id(), "description", stored.getFirst());
    } catch (RuntimeException e) {
      out.println("   moved to another record: refused (" + e.getClass().getSimpleName() + ")");
    }

    // 4. Erasure request: revoke, then shred the key. Every ciphertext becomes unreadable at once;
    //    amounts (not personal) and the ledger (pseudonymous) are untouched.
    BigDecimal total = txs.stream().map(t -> t.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    ledger.append(ConsentEvent.revoke(subject, Purpose.STORAGE, Instant.now(), subject));
    out.printf("4. shredded: %s%n", keys.shred(subject));
    try {
      keys.encryptor(subject).decrypt(first.id(), "description", stored.getFirst());
    } catch (SubjectShreddedException e) {
      out.println("   decrypting now fails: " + e.getMessage());
    }
    BigDecimal after = txs.stream().map(t -> t.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    out.printf("   net total of amounts unchanged: %s%n", total.compareTo(after) == 0 ? total : "NO");

    // 5. Anyone can check that no entry was edited, removed or reordered.
    LedgerVerification v = ledger.verify();
    out.printf("5. ledger verifies: %s (%d entries, %d for %s)%n", v.valid(), v.entriesChecked(),
        ledger.history(subject).size(), subject);
    ledger.close();
  }
}
