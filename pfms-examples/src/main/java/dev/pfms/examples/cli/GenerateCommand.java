package dev.pfms.examples.cli;

import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a seeded sample data set with ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a seeded, realistic bank history with ground truth (transactions.csv, truth.csv).")
final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--out", defaultValue = "sample_data", description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--months", defaultValue = "24", description = "months of history (default: ${DEFAULT-VALUE})")
  int months;

  @Option(names = "--people", defaultValue = "1", description = "people, each with two accounts (default: ${DEFAULT-VALUE})")
  int people;

  @Override
  public Integer call() throws Exception {
    List<SampleRow> rows = SampleGenerator.builder().seed(seed).months(months).people(people).build().generate();
    SampleGenerator.writeCsv(rows, out);
    System.out.printf("wrote %d transactions (%d injected anomalies) to %s%n", rows.size(),
        rows.stream().filter(SampleRow::anomaly).count(), out.toAbsolutePath());
    return 0;
  }
}
