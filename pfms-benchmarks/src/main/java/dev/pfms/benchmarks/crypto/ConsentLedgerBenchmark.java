package dev.pfms.benchmarks.crypto;

import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.crypto.ledger.HashChainConsentLedger;
import dev.pfms.crypto.ledger.LedgerVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code hash-chain} consent ledger: appends (with and without fsync; entries/s) and a cold
 * verification of a 1,000-entry file by an auditor's {@link LedgerVerifier} (entries/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConsentLedgerBenchmark {

  private static final int VERIFY_ENTRIES = 1_000;

  static ConsentEvent event(long i) {
    return new ConsentEvent("subject-" + (i % 97), Purpose.values()[(int) (i % Purpose.values().length)], "*",
        i % 5 != 4, Instant.now(), null, "app");
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** An open ledger in a temporary directory (under the working directory, i.e. the same disk). */
  @State(Scope.Benchmark)
  public static class Appending {
    /** Whether each append is forced to disk. */
    @Param({"true", "false"})
    public boolean fsync;

    Path dir;
    HashChainConsentLedger ledger;
    long i;

    /**
     * Opens the ledger.
     *
     * @throws IOException when it cannot
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "ledger-bench");
      ledger = HashChainConsentLedger.open(dir.resolve("consent.jsonl"), null, null, fsync);
    }

    /**
     * Closes and deletes it.
     *
     * @throws IOException when it cannot
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      ledger.close();
      delete(dir);
    }
  }

  /** A 1,000-entry ledger file and its public key. */
  @State(Scope.Benchmark)
  public static class Written {
    Path dir;
    Path file;
    String publicKey;

    /**
     * Writes the ledger.
     *
     * @throws IOException when it cannot
     */
    @Setup(Level.Trial)
    public void write() throws IOException {
      dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "ledger-bench");
      file = dir.resolve("consent.jsonl");
      try (HashChainConsentLedger l = HashChainConsentLedger.open(file, null, null, false)) {
        for (int i = 0; i < VERIFY_ENTRIES; i++) {
          l.append(event(i));
        }
        publicKey = l.verificationKey();
      }
    }

    /**
     * Deletes it.
     *
     * @throws IOException when it cannot
     */
    @TearDown(Level.Trial)
    public void delete() throws IOException {
      ConsentLedgerBenchmark.delete(dir);
    }
  }

  /**
   * Appends one signed entry.
   *
   * @param s the ledger
   * @return the entry's hash
   */
  @Benchmark
  public String append(Appending s) {
    return s.ledger.append(event(s.i++)).hash();
  }

  /**
   * Verifies every entry of a 1,000-entry file from scratch (parse, canonical form, chain, hash,
   * Ed25519 signature, head); reported per entry.
   *
   * @param s the file
   * @return the result
   * @throws IOException when it cannot be read
   */
  @Benchmark
  @OperationsPerInvocation(VERIFY_ENTRIES)
  public LedgerVerification verify(Written s) throws IOException {
    LedgerVerification v = LedgerVerifier.forPublicKeyset(s.publicKey).verify(s.file);
    if (!v.valid()) {
      throw new IllegalStateException(v.problem());
    }
    return v;
  }
}
