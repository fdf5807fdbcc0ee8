package dev.pfms.examples.cli;

import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a seeded sample data set with ground truth; never overwrites existing files unless asked. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a seeded, realistic bank history with ground truth (transactions.csv, truth.csv)."
        + " Existing files are kept unless --force is given.")
final class GenerateCommand implements Callable<Integer> {

  /** The files {@link SampleGenerator#writeCsv} writes. */
  static final List<String> FILES = List.of("transactions.csv", "truth.csv");

  @Spec
  CommandSpec spec;

  @Option(names = "--out", defaultValue = "sample_data", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--force", description = "overwrite transactions.csv and truth.csv when they exist")
  boolean force;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  int months;

  @Option(names = "--months", defaultValue = "24", paramLabel = "N",
      description = "months of history, 1 to 1200 (default: ${DEFAULT-VALUE})")
  void months(int value) {
    Flags.require(spec, value >= 1 && value <= 1200, "--months must be between 1 and 1200; got " + value);
    months = value;
  }

  int people;

  @Option(names = "--people", defaultValue = "1", paramLabel = "N",
      description = "people, each with two accounts, 1 to 100000 (default: ${DEFAULT-VALUE})")
  void people(int value) {
    Flags.require(spec, value >= 1 && value <= 100_000, "--people must be between 1 and 100000; got " + value);
    people = value;
  }

  @Option(names = "--transfer-cases",
      description = "add a savings account, a EUR wallet and near-miss transfers (for transfer evaluation)")
  boolean transferCases;

  @Override
  public Integer call() throws Exception {
    if (!force) {
      for (String name : FILES) {
        if (Files.exists(out.resolve(name))) {
          throw new IllegalArgumentException(out.resolve(name) + " exists; pass --force to overwrite it,"
              + " or --out DIR to write elsewhere");
        }
      }
    }
    List<SampleRow> rows = SampleGenerator.builder().seed(seed).months(months).people(people)
        .transferCases(transferCases).build().generate();
    SampleGenerator.writeCsv(rows, out);
    System.out.printf("wrote %d transactions (%d injected anomalies) to %s%n", rows.size(),
        rows.stream().filter(SampleRow::anomaly).count(), out.toAbsolutePath());
    return 0;
  }
}
