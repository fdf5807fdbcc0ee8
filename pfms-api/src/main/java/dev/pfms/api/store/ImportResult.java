package dev.pfms.api.store;

import dev.pfms.api.model.IngestProblem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one statement import did. The import is one database transaction: either every accepted row
 * of the statement is stored and this result returned, or nothing is.
 *
 * @param statementId the id the store gave this import
 * @param source the statement's source name (file name)
 * @param importedAt when it was committed
 * @param added how many transactions were new
 * @param skipped how many were already stored (same stable id: a re-import or an overlapping statement)
 * @param rejected the rows that were not stored, each located by source, line and field
 */
public record ImportResult(long statementId, String source, Instant importedAt, int added, int skipped,
    List<IngestProblem> rejected) {

  /** Validates the fields and copies the list. */
  public ImportResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(importedAt, "importedAt");
    rejected = List.copyOf(rejected);
    if (added < 0 || skipped < 0) {
      throw new IllegalArgumentException("negative counts");
    }
  }

  /** Returns {@code source: N added, N skipped, N rejected}. */
  @Override
  public String toString() {
    return source + ": " + added + " added, " + skipped + " skipped, " + rejected.size() + " rejected";
  }
}
