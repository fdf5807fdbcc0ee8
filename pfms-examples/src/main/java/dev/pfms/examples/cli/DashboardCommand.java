package dev.pfms.examples.cli;

import dev.pfms.examples.dashboard.DashboardServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the local dashboard until the process is stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the local dashboard (JSON API and one page with charts) until stopped with Ctrl-C.")
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

  @Override
  public Integer call() throws Exception {
    DashboardServer server = DashboardServer.start(DashboardServer.Config.builder().bind(bind).port(port)
        .maxUploadBytes(maxUpload).categorizer(categorizer).detector(detector).forecaster(forecaster).build());
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
