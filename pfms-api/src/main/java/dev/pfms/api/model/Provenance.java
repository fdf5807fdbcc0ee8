package dev.pfms.api.model;

import java.util.Objects;

/**
 * Where a transaction came from: the source name and the line (CSV, QIF, MT940) or record number
 * (OFX, CAMT) inside it, so that any figure can be traced back to the bank's own file.
 *
 * @param source the file or stream name
 * @param line the 1-based line or record number, or 0 when not applicable
 */
public record Provenance(String source, long line) {

  /** Validates the fields. */
  public Provenance {
    Objects.requireNonNull(source, "source");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0: " + line);
    }
  }

  /** Returns {@code source:line}. */
  @Override
  public String toString() {
    return line > 0 ? source + ":" + line : source;
  }
}
