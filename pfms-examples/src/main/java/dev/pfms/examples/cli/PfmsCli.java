package dev.pfms.examples.cli;

import dev.pfms.api.IngestException;
import dev.pfms.api.PfmsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pfms} command line: {@code analyze}, {@code dashboard}, {@code generate}, {@code providers},
 * and the store commands {@code import}, {@code models}, {@code correct}, {@code retrain}.
 *
 * <p>Exit codes: 0 success, 1 an unexpected failure, 2 bad input (the message names file, line and
 * field), 3 missing consent.
 */
@Command(name = "pfms", mixinStandardHelpOptions = true, version = "pfms 0.1.0",
    description = "Personal-finance intelligence: ingest bank exports, categorize, flag anomalies, forecast.",
    subcommands = {AnalyzeCommand.class, DashboardCommand.class, GenerateCommand.class, ProvidersCommand.class,
        ImportCommand.class, ModelsCommand.class, CorrectCommand.class, RetrainCommand.class})
public final class PfmsCli {

  private PfmsCli() {}

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns its exit code (for tests and embedding).
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new PfmsCli());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof IngestException) {
        cmd.getErr().println("pfms: cannot read input: " + ex.getMessage());
        return 2;
      }
      if (ex instanceof dev.pfms.api.ConsentRequiredException) {
        cmd.getErr().println("pfms: " + ex.getMessage());
        return 3;
      }
      if (ex instanceof PfmsException || ex instanceof IllegalArgumentException
          || ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
        cmd.getErr().println("pfms: " + ex.getMessage());
        return 2;
      }
      throw ex;
    });
    return cl.execute(args);
  }
}
