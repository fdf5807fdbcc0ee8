package dev.pfms.api.model;

import java.util.Objects;

/**
 * A record that was rejected (or repaired) while ingesting, with its location.
 *
 * @param source the file or stream name
 * @param line the 1-based line or record number
 * @param field the field concerned, or {@code null} when the whole record is concerned
 * @param reason what is wrong, and how to fix it where possible
 */
public record IngestProblem(String source, long line, String field, String reason) {

  /** Validates the fields. */
  public IngestProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
  }

  /** Returns {@code source:line: field 'x': reason}. */
  @Override
  public String toString() {
    return source + (line > 0 ? ":" + line : "") + ": " + (field != null ? "field '" + field + "': " : "") + reason;
  }
}
