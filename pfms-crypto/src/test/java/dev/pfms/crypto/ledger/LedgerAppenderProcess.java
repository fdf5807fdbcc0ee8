package dev.pfms.crypto.ledger;

import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child process of {@link LedgerCrashTest}: appends large entries to a ledger in a loop until it
 * is killed (or has written {@code max} entries). Large entries make it likely that the kill lands
 * inside a write, so the kernel leaves a torn last line.
 */
public final class LedgerAppenderProcess {

  private LedgerAppenderProcess() {}

  /**
   * Runs the loop.
   *
   * @param args ledger path, scope size in bytes, maximum entries
   * @throws Exception on any failure (the parent sees the exit code)
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String scope = "x".repeat(Integer.parseInt(args[1]));
    int max = Integer.parseInt(args[2]);
    Instant t0 = Instant.now();
    HashChainConsentLedger ledger = HashChainConsentLedger.open(file, null, null, false);
    for (int i = 0; i < max; i++) {
      ledger.append(new ConsentEvent("subject-" + (i % 7), Purpose.values()[i % Purpose.values().length], scope,
          i % 3 != 0, t0, null, "crash-test"));
      if (i == 0) {
        System.out.println("ready");
        System.out.flush();
      }
    }
    System.out.println("done");
    System.out.flush();
    Thread.sleep(60_000);
  }
}
