package dev.pfms.benchmarks.crypto;

import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.field.FieldKeyset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encrypt / decrypt of a typical PII field (a bank description from the sample generator, ~30 bytes)
 * with AES-256-GCM bound to record id + field, and a blind index (AES-SIV) of an IBAN. Ops/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FieldEncryptionBenchmark {

  private FieldEncryptor encryptor;
  private List<String> descriptions;
  private List<String> ids;
  private List<String> tokens;
  private int next;

  /** Builds the keys and fixtures. */
  @Setup
  public void setUp() {
    encryptor = FieldEncryptor.create(FieldKeyset.generate());
    List<SampleRow> rows = SampleGenerator.builder().seed(42).months(3).build().generate();
    descriptions = rows.stream().map(r -> r.transaction().description()).toList();
    ids = rows.stream().map(r -> r.transaction().id()).toList();
    tokens = new java.util.ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      tokens.add(encryptor.encrypt(ids.get(i), "description", descriptions.get(i)));
    }
  }

  private int index() {
    int i = next++;
    if (next == descriptions.size()) {
      next = 0;
    }
    return i;
  }

  /**
   * Encrypts one field.
   *
   * @return the token
   */
  @Benchmark
  public String encryptField() {
    int i = index();
    return encryptor.encrypt(ids.get(i), "description", descriptions.get(i));
  }

  /**
   * Decrypts one field.
   *
   * @return the value
   */
  @Benchmark
  public String decryptField() {
    int i = index();
    return encryptor.decrypt(ids.get(i), "description", tokens.get(i));
  }

  /**
   * A blind index of an IBAN.
   *
   * @return the token
   */
  @Benchmark
  public String blindIndexIban() {
    return encryptor.blindIndex("iban", "GB33BUKB2020155555" + (1000 + index() % 9000));
  }
}
