package dev.pfms.api;

import java.util.Optional;

/**
 * A source could not be read as a whole (unknown layout, unreadable charset, truncated document),
 * or one of its records is unusable when the caller asked for strict ingestion.
 *
 * <p>The message always names the source and, where known, the line and the field, e.g.
 * {@code statement.csv:14: field 'amount': cannot parse "12,3,4" as a number}. Row-level problems in
 * lenient mode are not thrown but reported as {@link dev.pfms.api.model.IngestProblem}s.
 */
public class IngestException extends PfmsException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String field;

  /**
   * Creates an ingest error located in a source.
   *
   * @param source the file or stream name
   * @param line the 1-based line (or record) number, or 0 when the problem concerns the whole source
   * @param field the field or column name, or {@code null} when not known
   * @param reason what is wrong, and if possible how to fix it
   */
  public IngestException(String source, long line, String field, String reason) {
    this(source, line, field, reason, null);
  }

  /**
   * Creates an ingest error located in a source, with a cause.
   *
   * @param source the file or stream name
   * @param line the 1-based line (or record) number, or 0 when the problem concerns the whole source
   * @param field the field or column name, or {@code null} when not known
   * @param reason what is wrong, and if possible how to fix it
   * @param cause the underlying failure, or {@code null}
   */
  public IngestException(String source, long line, String field, String reason, Throwable cause) {
    super(format(source, line, field, reason), cause);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  static String format(String source, long line, String field, String reason) {
    StringBuilder sb = new StringBuilder(source == null ? "<unnamed>" : source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(reason).toString();
  }

  /**
   * The name of the source.
   *
   * @return the file or stream name
   */
  public String source() {
    return source;
  }

  /**
   * The 1-based line or record number, or 0 for a whole-source problem.
   *
   * @return the line
   */
  public long line() {
    return line;
  }

  /**
   * The field or column concerned, if known.
   *
   * @return the field name
   */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
