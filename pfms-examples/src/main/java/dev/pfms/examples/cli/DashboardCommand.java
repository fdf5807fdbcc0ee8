package dev.pfms.examples.cli;

import dev.pfms.examples.dashboard.DashboardServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the local dashboard until the process is stopped: reads and writes the store ({@code --db},
 * default {@code ./pfms.db} or {@code $PFMS_DB}) and asks for the user's consent on first use, in the
 * same ledger as {@code pfms analyze}.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the local dashboard (JSON API and one page with charts) until stopped with Ctrl-C."
        + " Uploads, corrections and dismissed flags are kept in the store (--db), so a restart shows the same data;"
        + " the page asks for your consent on first use (recorded in the same ledger as 'pfms analyze').")
final class DashboardCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE}; anything else exposes your data to the network)")
  String bind;

  @Option(names = "--max-upload", defaultValue = "5242880", description = "largest upload in bytes (default: ${DEFAULT-VALUE})")
  long maxUpload;

  @Option(names = "--categorizer", description = "categorizer provider (default: the preferred installed one)")
  String categorizer;

  @Option(names = "--detector", description = "anomaly detector provider (default: the preferred installed one)")
  String detector;

  @Option(names = "--forecaster", description = "forecaster provider (default: the preferred installed one)")
  String forecaster;

  @Mixin StoreOption store;

  @Option(names = "--consent-dir", description = "where your consent ledger and receipt live"
      + " (default: $PFMS_HOME or ~/.pfms)")
  Path consentDir;

  @Option(names = "--insecure-dev-key", description = "development only: keep the consent ledger's signing key"
      + " in the clear when PFMS_LEDGER_PASSWORD is not set")
  boolean insecureDevKey;

  @Override
  public Integer call() throws Exception {
    System.err.println("[pfms] store " + store.location());
    DashboardServer server = DashboardServer.start(DashboardServer.Config.builder().bind(bind).port(port)
        .maxUploadBytes(maxUpload).categorizer(categorizer).detector(detector).forecaster(forecaster)
        .store(store::open).consentDir(consentDir).insecureDevKey(insecureDevKey).build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.out.println("pfms dashboard on " + server.uri() + " (Ctrl-C to stop)");
    stopped.await();
    return 0;
  }
}
