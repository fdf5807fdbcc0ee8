package dev.pfms.crypto.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.tck.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": 10,000 random edits, truncations, reorders and rollbacks of a ledger,
 * with and without its head file, its checkpoint and a witness. Each mutated copy is checked in
 * memory with the ledger's own verifier; every one must be detected, except a rollback of the whole
 * directory to an older self-consistent copy without a witness, which the threat model (ADR 0004)
 * lists as needing the witness. A sample is also opened as a real ledger to show that
 * {@code require()} refuses what {@code verify()} reports.
 */
class LedgerTamperEvidenceTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final int ENTRIES = 12;
  private static final int MUTATIONS = 10_000;

  enum Kind { EDIT_BYTE, FLIP_GRANT, TRUNCATE, DELETE_LINE, REORDER, DUPLICATE_LINE, ROLLBACK, ROLLBACK_LEDGER_ONLY,
    EDIT_CHECKPOINT }

  /** The files of the ledger after each append (index 0: before any). */
  record State(byte[] data, byte[] head, byte[] checkpoint) {}

  record Mutant(Kind kind, byte[] data, byte[] head, byte[] checkpoint, boolean witness) {}

  @Test
  void everyMutationIsDetectedOrIsAWholeDirectoryRollbackThatNeedsTheWitness(@TempDir Path dir) throws Exception {
    ManualClock manual = new ManualClock(T0);
    Path file = dir.resolve("consent.jsonl");
    List<State> states = new ArrayList<>();
    states.add(new State(new byte[0], null, null));
    LedgerVerifier verifier;
    Checkpoint witnessed;
    try (HashChainConsentLedger l = HashChainConsentLedger.builder(file).insecureCleartextKey(true).fsync(false)
        .clock(new ConsentClock(manual, Duration.ofMinutes(5))).open()) {
      for (int i = 0; i < ENTRIES; i++) {
        manual.set(T0.plusSeconds(10L * i));
        l.append(new ConsentEvent("s-" + (i % 3), Purpose.values()[i % 3], i % 4 == 0 ? "account:" + i : "*",
            i % 3 != 2, T0.plusSeconds(10L * i), null, "app"));
        states.add(new State(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("consent.jsonl.head")),
            Files.readAllBytes(dir.resolve("consent.jsonl.checkpoint"))));
      }
      verifier = LedgerVerifier.forPublicKeyset(l.verificationKey()).withMemo(10_000);
      witnessed = l.checkpoint().orElseThrow();
    }
    State now = states.get(ENTRIES);
    assertThat(verify(verifier, new Mutant(null, now.data(), now.head(), now.checkpoint(), true), witnessed).valid())
        .isTrue();

    Random r = new Random(20261201);
    Map<Kind, int[]> table = new EnumMap<>(Kind.class); // detected, needs witness
    List<Mutant> sample = new ArrayList<>();
    for (int m = 0; m < MUTATIONS; m++) {
      Mutant mu = mutate(r, states);
      LedgerVerification v = verify(verifier, mu, witnessed);
      int[] row = table.computeIfAbsent(mu.kind(), k -> new int[2]);
      if (v.valid()) {
        assertThat(consistentOlderState(mu, states))
            .as("undetected %s (witness %s) must be a whole-directory rollback", mu.kind(), mu.witness()).isTrue();
        assertThat(mu.witness()).as("a witness detects every rollback").isFalse();
        row[1]++;
      } else {
        assertThat(v.problem()).startsWith("entry ");
        row[0]++;
      }
      if (m % 250 == 0) {
        sample.add(mu);
      }
    }
    System.out.printf("%-22s %9s %14s%n", "mutation", "detected", "needs witness");
    int total = 0;
    for (Map.Entry<Kind, int[]> e : table.entrySet()) {
      System.out.printf("%-22s %9d %14d%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
      total += e.getValue()[0] + e.getValue()[1];
    }
    assertThat(total).isEqualTo(MUTATIONS);
    assertThat(table.get(Kind.ROLLBACK)[1]).as("some rollbacks without a witness were drawn").isPositive();

    // the same answers from real ledgers: require() refuses whatever verify() reports
    int refused = 0;
    for (int i = 0; i < sample.size(); i++) {
      Mutant mu = sample.get(i);
      Path d = Files.createDirectories(dir.resolve("sample-" + i));
      Files.copy(dir.resolve("consent.jsonl.signing.json"), d.resolve("consent.jsonl.signing.json"));
      Files.write(d.resolve("consent.jsonl"), mu.data());
      if (mu.head() != null) {
        Files.write(d.resolve("consent.jsonl.head"), mu.head());
      }
      if (mu.checkpoint() != null) {
        Files.write(d.resolve("consent.jsonl.checkpoint"), mu.checkpoint());
      }
      DirectoryWitness w = null;
      if (mu.witness()) {
        w = new DirectoryWitness(d.resolve("witness"), "consent.jsonl");
        w.publish(witnessed);
      }
      boolean detected = !verify(verifier, mu, witnessed).valid();
      try (HashChainConsentLedger l = HashChainConsentLedger.builder(d.resolve("consent.jsonl"))
          .insecureCleartextKey(true).fsync(false).witness(w).clock(new ConsentClock(manual, Duration.ofMinutes(5)))
          .open()) {
        assertThat(l.verify().valid()).isEqualTo(!detected);
        if (detected) {
          assertThatThrownBy(() -> l.require("s-0", Purpose.CATEGORIZATION, T0.plusSeconds(1000)))
              .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("fails verification at entry");
          refused++;
        }
      }
    }
    assertThat(refused).isPositive();
  }

  private static LedgerVerification verify(LedgerVerifier v, Mutant mu, Checkpoint witnessed) {
    return v.verify(mu.data(), mu.head() == null ? null : LedgerVerifier.parseHead(mu.head()).orElse(null),
        mu.checkpoint(), mu.witness() ? witnessed : null, false);
  }

  private static boolean consistentOlderState(Mutant mu, List<State> states) {
    for (int k = 0; k < states.size() - 1; k++) {
      State s = states.get(k);
      if (Arrays.equals(s.data(), mu.data()) && (mu.head() == null || Arrays.equals(s.head(), mu.head()))
          && Arrays.equals(s.checkpoint(), mu.checkpoint())) {
        return true;
      }
    }
    return false;
  }

  private static List<byte[]> lines(byte[] data) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        out.add(Arrays.copyOfRange(data, start, i + 1));
        start = i + 1;
      }
    }
    return out;
  }

  private static byte[] join(List<byte[]> lines) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    lines.forEach(o::writeBytes);
    return o.toByteArray();
  }

  private static Mutant mutate(Random r, List<State> states) {
    State now = states.get(states.size() - 1);
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    boolean keepHead = r.nextBoolean();
    boolean keepCheckpoint = r.nextInt(4) != 0;
    boolean witness = r.nextBoolean();
    byte[] data = now.data().clone();
    byte[] head = now.head();
    byte[] cp = now.checkpoint();
    List<byte[]> ls = lines(data);
    switch (kind) {
      case EDIT_BYTE -> {
        int at = r.nextInt(data.length);
        data[at] ^= (byte) (1 + r.nextInt(255));
      }
      case FLIP_GRANT -> {
        String t = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        int i = r.nextInt(ls.size());
        String line = new String(ls.get(i), java.nio.charset.StandardCharsets.UTF_8);
        String flipped = line.contains("\"granted\":true") ? line.replace("\"granted\":true", "\"granted\":false")
            : line.replace("\"granted\":false", "\"granted\":true");
        data = t.replace(line, flipped).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      case TRUNCATE -> data = Arrays.copyOf(data, r.nextInt(data.length));
      case DELETE_LINE -> {
        ls.remove(r.nextInt(ls.size()));
        data = join(ls);
      }
      case REORDER -> {
        int a = r.nextInt(ls.size());
        int b = (a + 1 + r.nextInt(ls.size() - 1)) % ls.size();
        byte[] x = ls.get(a);
        ls.set(a, ls.get(b));
        ls.set(b, x);
        data = join(ls);
      }
      case DUPLICATE_LINE -> {
        int a = r.nextInt(ls.size());
        ls.add(a, ls.get(a));
        data = join(ls);
      }
      case ROLLBACK -> {
        State old = states.get(r.nextInt(states.size() - 1));
        data = old.data();
        head = old.head();
        cp = old.checkpoint();
      }
      case ROLLBACK_LEDGER_ONLY -> data = states.get(r.nextInt(states.size() - 1)).data();
      case EDIT_CHECKPOINT -> {
        cp = cp.clone();
        cp[r.nextInt(cp.length)] ^= (byte) (1 + r.nextInt(255));
        keepCheckpoint = true;
      }
      default -> throw new AssertionError(kind);
    }
    return new Mutant(kind, data, keepHead ? head : null, keepCheckpoint ? cp : null, witness);
  }
}
