package dev.pfms.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an ingestor read from one source.
 *
 * <p>Every record of the source is accounted for: it is either in {@code transactions}, in
 * {@code problems} as an {@link IngestProblem.Severity#ERROR error} (rejected, with its location), or
 * counted in {@code duplicatesSkipped}. {@link IngestProblem.Severity#WARNING Warnings} among the
 * problems concern records that were read, under an assumption they state.
 *
 * @param source the file or stream name
 * @param format the ingestor that read it, e.g. {@code "csv"} or {@code "ofx"}
 * @param transactions the accepted transactions, in source order
 * @param problems the rejected records and the warnings, in source order
 * @param duplicatesSkipped records whose id was already known (re-import or overlapping statement)
 * @param layout what was detected or used to read the source (delimiter, date format, profile…),
 *     so that a detected layout can be checked and saved
 */
public record IngestReport(
    String source, String format, List<Transaction> transactions, List<IngestProblem> problems,
    int duplicatesSkipped, Map<String, String> layout) {

  /** Validates the fields and copies the collections. */
  public IngestReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    transactions = CompactTransactions.immutableCopy(transactions);
    problems = List.copyOf(problems);
    layout = Map.copyOf(layout);
    if (duplicatesSkipped < 0) {
      throw new IllegalArgumentException("duplicatesSkipped < 0");
    }
  }

  /**
   * Whether every record was accepted with nothing to say.
   *
   * @return true when there are no problems (not even warnings)
   */
  public boolean isClean() {
    return problems.isEmpty();
  }

  /**
   * The rejected records (problems that are errors).
   *
   * @return the errors, in source order
   */
  public List<IngestProblem> errors() {
    return problems.stream().filter(IngestProblem::isError).toList();
  }

  /**
   * The warnings: records read under an assumption, or assumptions about the whole source.
   *
   * @return the warnings, in source order
   */
  public List<IngestProblem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** Summarizes counts only: transactions can carry personal data. */
  @Override
  public String toString() {
    return "IngestReport[" + source + " (" + format + "): " + transactions.size() + " transactions, "
        + problems.size() + " problems, " + duplicatesSkipped + " duplicates skipped]";
  }
}
