package dev.pfms.api.model;

import java.util.Objects;

/**
 * Something an ingestor has to say about one record or the whole source, with its location: a
 * rejected record ({@link Severity#ERROR}), or an accepted one read under an assumption the caller
 * should check ({@link Severity#WARNING}, e.g. an ambiguous day/month order read with the likelier
 * order, or a currency the file does not name).
 *
 * @param source the file or stream name
 * @param line the 1-based line or record number, or 0 when the whole source is concerned
 * @param field the field concerned, or {@code null} when the whole record is concerned
 * @param reason what is wrong, and how to fix it where possible (e.g. the option that overrides an
 *     assumption)
 * @param severity whether the record was rejected or accepted under an assumption
 */
public record IngestProblem(String source, long line, String field, String reason, Severity severity) {

  /** Whether a problem cost a record. */
  public enum Severity {
    /** The record was rejected: it is not among the report's transactions. */
    ERROR,
    /** The record (or the whole source) was read, under an assumption stated in the reason. */
    WARNING
  }

  /** Validates the fields. */
  public IngestProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(severity, "severity");
  }

  /**
   * A rejected record.
   *
   * @param source the file or stream name
   * @param line the 1-based line or record number
   * @param field the field, or {@code null}
   * @param reason what is wrong
   */
  public IngestProblem(String source, long line, String field, String reason) {
    this(source, line, field, reason, Severity.ERROR);
  }

  /**
   * Whether the record was rejected (as opposed to read under an assumption).
   *
   * @return true for {@link Severity#ERROR}
   */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Returns {@code source:line: field 'x': reason} ({@code warning: } before the reason for warnings). */
  @Override
  public String toString() {
    return source + (line > 0 ? ":" + line : "") + ": " + (severity == Severity.WARNING ? "warning: " : "")
        + (field != null ? "field '" + field + "': " : "") + reason;
  }
}
