package dev.pfms.tck;

import dev.pfms.api.store.ImportResult;
import dev.pfms.api.store.Store;
import dev.pfms.api.store.StoreProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A second process for the store contract: opens a store by provider name with options read from
 * standard input ({@code key=value} lines up to {@code END}, so no secret is on the command line) and
 * imports deterministic statements, printing {@code ACK <statementId> <added> <skipped>} after each
 * commit.
 *
 * <p>{@code import FROM TO PER_STATEMENT} imports rows FROM..TO; {@code forever PER_STATEMENT} imports
 * new rows until killed.
 */
public final class StoreWorker {

  private StoreWorker() {}

  /**
   * Runs the worker.
   *
   * @param args provider name, mode, mode arguments
   * @throws Exception on any failure (the exit code is then non-zero)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ProviderConfig.Builder cb = ProviderConfig.builder();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    boolean ended = false;
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("END")) {
        ended = true;
        break;
      }
      int eq = line.indexOf('=');
      cb.set(line.substring(0, eq), line.substring(eq + 1));
    }
    if (!ended) {
      throw new IllegalStateException("standard input ended before END: no store options, refusing to run");
    }
    StoreProvider provider = null;
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
      if (p.name().equals(args[0])) {
        provider = p;
      }
    }
    if (provider == null) {
      throw new IllegalArgumentException("no store provider " + args[0]);
    }
    ProviderConfig config = cb.build().validate(provider.name(), provider.options());
    try (Store store = provider.create(config)) {
      out.println("OPEN");
      if (args[1].equals("import")) {
        long from = Long.parseLong(args[2]);
        long to = Long.parseLong(args[3]);
        long per = Long.parseLong(args[4]);
        for (long s = from; s < to; s += per) {
          ack(out, store.importStatement("worker-" + s + ".csv", StoreFixtures.statement("w", s, Math.min(to, s + per)), List.of()));
        }
      } else {
        long per = Long.parseLong(args[2]);
        for (long s = 0; ; s += per) {
          ack(out, store.importStatement("big-" + s + ".csv", StoreFixtures.statement("big", s, s + per), List.of()));
        }
      }
      out.println("DONE");
    }
  }

  private static void ack(PrintStream out, ImportResult r) {
    out.println("ACK " + r.statementId() + " " + r.added() + " " + r.skipped());
  }
}
