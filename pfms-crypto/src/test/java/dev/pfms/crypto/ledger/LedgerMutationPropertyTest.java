package dev.pfms.crypto.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: every single-byte edit, insertion or deletion and every line deletion, insertion or swap
 * of a small signed ledger is detected, and {@code verify} names exactly the first entry affected.
 */
class LedgerMutationPropertyTest {

  private static final int ENTRIES = 8;
  private static final int MUTATIONS = 3_000;

  @TempDir
  static Path dir;

  private static byte[] original;
  private static HashChainConsentLedger.Head head;
  private static LedgerVerifier verifier;
  private static Path file;

  @BeforeAll
  static void writeLedger() throws Exception {
    file = dir.resolve("consent.jsonl");
    try (HashChainConsentLedger l = HashChainConsentLedger.open(file, null, null, false, HashChainConsentLedgerTest.CLOCK)) {
      HashChainConsentLedgerTest.fill(l, ENTRIES);
      HashChainConsentLedgerTest.MANUAL.set(java.time.Instant.parse("2025-06-01T00:00:00Z"));
      l.append(new ConsentEvent("s-\"quoted\"\n", dev.pfms.api.model.Purpose.SHARING, "bank:é", true,
          java.time.Instant.parse("2025-06-01T00:00:00Z"), null, "ünïcode"));
      head = l.head();
      verifier = LedgerVerifier.forPublicKeyset(l.verificationKey()).withMemo(10_000);
    }
    original = Files.readAllBytes(file);
    assertThat(verifier.verify(original, head).valid()).isTrue();
  }

  private static int lineOf(byte[] data, int pos) {
    int n = 0;
    for (int i = 0; i < pos; i++) {
      if (data[i] == '\n') {
        n++;
      }
    }
    return n;
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lines.forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void everyRandomByteAndLineMutationIsDetectedAtTheFirstAffectedEntry() {
    Random rnd = new Random(20251125L);
    int n = (int) head.size();
    int[] kinds = new int[6];
    for (int m = 0; m < MUTATIONS; m++) {
      int kind = rnd.nextInt(6);
      kinds[kind]++;
      byte[] mutated;
      long expected;
      String what;
      switch (kind) {
        case 0 -> { // edit one byte
          int pos = rnd.nextInt(original.length);
          mutated = original.clone();
          byte b;
          do {
            b = (byte) rnd.nextInt(256);
          } while (b == original[pos]);
          mutated[pos] = b;
          expected = lineOf(original, pos);
          what = "edit byte " + pos;
        }
        case 1 -> { // insert one byte
          int pos = rnd.nextInt(original.length + 1);
          mutated = new byte[original.length + 1];
          System.arraycopy(original, 0, mutated, 0, pos);
          mutated[pos] = (byte) rnd.nextInt(256);
          System.arraycopy(original, pos, mutated, pos + 1, original.length - pos);
          expected = pos == original.length ? n : lineOf(original, pos);
          what = "insert byte at " + pos;
        }
        case 2 -> { // delete one byte
          int pos = rnd.nextInt(original.length);
          mutated = new byte[original.length - 1];
          System.arraycopy(original, 0, mutated, 0, pos);
          System.arraycopy(original, pos + 1, mutated, pos, original.length - pos - 1);
          expected = lineOf(original, pos);
          what = "delete byte " + pos;
        }
        case 3 -> { // delete a line
          List<byte[]> ls = new ArrayList<>(lines(original));
          int k = rnd.nextInt(n);
          ls.remove(k);
          mutated = join(ls);
          expected = k;
          what = "delete line " + k;
        }
        case 4 -> { // insert a copy of a line
          List<byte[]> ls = new ArrayList<>(lines(original));
          int j = rnd.nextInt(n);
          int k = rnd.nextInt(n + 1);
          ls.add(k, ls.get(j));
          mutated = join(ls);
          expected = j == k ? k + 1 : k;
          what = "insert copy of line " + j + " at " + k;
        }
        default -> { // swap two lines
          List<byte[]> ls = new ArrayList<>(lines(original));
          int i = rnd.nextInt(n - 1);
          int j = i + 1 + rnd.nextInt(n - 1 - i);
          byte[] t = ls.get(i);
          ls.set(i, ls.get(j));
          ls.set(j, t);
          mutated = join(ls);
          expected = i;
          what = "swap lines " + i + " and " + j;
        }
      }
      LedgerVerification v = verifier.verify(mutated, head);
      assertThat(v.valid()).as("undetected: %s", what).isFalse();
      assertThat(v.firstBadEntry()).as("%s -> %s", what, v.problem()).isEqualTo(expected);
    }
    assertThat(Arrays.stream(kinds).min().orElse(0)).isGreaterThan(300);
  }

  @Test
  void mutatedFilesOpenReadOnlyThroughTheRealLedger() throws Exception {
    Random rnd = new Random(7);
    for (int m = 0; m < 30; m++) {
      byte[] mutated = original.clone();
      int pos = rnd.nextInt(original.length);
      mutated[pos] = (byte) (mutated[pos] ^ (1 + rnd.nextInt(255)));
      Path copy = dir.resolve("copy-" + m + ".jsonl");
      Files.write(copy, mutated);
      Files.copy(dir.resolve("consent.jsonl.head"), dir.resolve("copy-" + m + ".jsonl.head"));
      try (HashChainConsentLedger l = HashChainConsentLedger.open(copy, dir.resolve("consent.jsonl.signing.json"), null, false, HashChainConsentLedgerTest.CLOCK)) {
        LedgerVerification v = l.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadEntry()).isEqualTo(lineOf(original, pos));
        assertThat(l.size()).isEqualTo(v.firstBadEntry());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.append(ConsentEvent.grant("x",
            dev.pfms.api.model.Purpose.SHARING, java.time.Instant.now(), "app"))).isInstanceOf(IllegalStateException.class);
      }
      assertThat(Files.readAllBytes(copy)).as("nothing accepted is rewritten").isEqualTo(mutated);
    }
  }
}
