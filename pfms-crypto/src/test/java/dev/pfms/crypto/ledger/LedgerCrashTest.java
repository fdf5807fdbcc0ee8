package dev.pfms.crypto.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real process: a child JVM appends in a loop and is killed with
 * {@code destroyForcibly()} (SIGKILL). Every complete entry must still verify, the ledger must open
 * and read, and a torn last line must be reported (never accepted or silently dropped), then be
 * moved aside by {@code repair()} so appends resume.
 */
class LedgerCrashTest {

  private static final int ATTEMPTS = 2;

  @Test
  void aProcessKilledWhileAppendingLeavesEveryCompleteEntryIntactAndTheTornTailReported(@TempDir Path dir)
      throws Exception {
    Random rnd = new Random();
    boolean tornSeen = false;
    for (int attempt = 0; attempt < ATTEMPTS && !tornSeen; attempt++) {
      Path file = dir.resolve("consent-" + attempt + ".jsonl");
      killChildWhileAppending(file, 50 + rnd.nextInt(250));
      tornSeen = checkAfterCrash(file, false);
    }
    if (!tornSeen) {
      // The kills landed between writes every time. Append part of a line after the last complete one,
      // exactly what a kill inside write() leaves, and check the same guarantees on it.
      Path file = dir.resolve("consent-" + (ATTEMPTS - 1) + ".jsonl");
      byte[] data = Files.readAllBytes(file);
      int lastLineStart = lastIndexOf(data, data.length - 2) + 1;
      int partial = 1 + rnd.nextInt(data.length - lastLineStart - 1);
      Files.write(file, java.util.Arrays.copyOfRange(data, lastLineStart, lastLineStart + partial),
          java.nio.file.StandardOpenOption.APPEND);
      System.out.println("LedgerCrashTest: no kill landed inside a write in " + ATTEMPTS
          + " attempts; checked a simulated torn write (" + partial + " bytes of a line) as well");
      assertThat(checkAfterCrash(file, true)).isTrue();
    } else {
      System.out.println("LedgerCrashTest: a real SIGKILL left a torn last line; it was reported and repaired");
    }
  }

  private static int lastIndexOf(byte[] data, int from) {
    for (int i = from; i >= 0; i--) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static void killChildWhileAppending(Path file, long delayMs) throws Exception {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        LedgerAppenderProcess.class.getName(), file.toString(), Integer.toString(128 * 1024), "400");
    pb.redirectErrorStream(true);
    Process child = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
        try {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.equals("ready")) {
              return line;
            }
          }
          return "exited";
        } catch (java.io.IOException e) {
          return "io error";
        }
      });
      assertThat(ready.get(60, TimeUnit.SECONDS)).as("child started appending").isEqualTo("ready");
      Thread.sleep(delayMs);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child killed").isTrue();
    }
  }

  /** Checks the guarantees; returns whether a torn tail was found (and repaired). */
  private static boolean checkAfterCrash(Path file, boolean mustBeTorn) throws Exception {
    byte[] data = Files.readAllBytes(file);
    long completeLines = 0;
    for (byte b : data) {
      if (b == '\n') {
        completeLines++;
      }
    }
    boolean endsClean = data.length > 0 && data[data.length - 1] == '\n';
    try (HashChainConsentLedger ledger = HashChainConsentLedger.open(file, null, null, true)) {
      // readable, with every complete entry
      assertThat(ledger.size()).isEqualTo(completeLines).isPositive();
      LedgerVerification v = ledger.verify();
      if (endsClean) {
        assertThat(mustBeTorn).isFalse();
        assertThat(v.valid()).as(v.problem()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(completeLines);
        return false;
      }
      // a torn tail is reported at the first incomplete entry, not accepted and not dropped
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadEntry()).isEqualTo(completeLines);
      assertThat(v.problem()).contains("torn");
      assertThat(Files.size(file)).as("opening changes nothing").isEqualTo(data.length);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.append(ConsentEvent.grant("after", Purpose.SHARING,
          Instant.now(), "app"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("torn");
      String report = ledger.repair();
      assertThat(report).contains("torn");
      Path torn = file.resolveSibling(file.getFileName() + ".torn");
      assertThat(Files.size(torn)).isEqualTo(data.length - lastIndexOf(data, data.length - 1) - 1);
      LedgerVerification repaired = ledger.verify();
      assertThat(repaired.valid()).as(repaired.problem()).isTrue();
      ledger.append(ConsentEvent.grant("after", Purpose.SHARING, Instant.now(), "app"));
      assertThat(ledger.size()).isEqualTo(completeLines + 1);
      assertThat(ledger.verify().valid()).isTrue();
    }
    try (HashChainConsentLedger again = HashChainConsentLedger.open(file, null, null, true)) {
      LedgerVerification after = again.verify();
      assertThat(after.valid()).as(after.problem()).isTrue();
      assertThat(again.history("after")).hasSize(1);
      assertThat(List.of(again.size())).containsExactly(completeLines + 1);
    }
    return true;
  }
}
