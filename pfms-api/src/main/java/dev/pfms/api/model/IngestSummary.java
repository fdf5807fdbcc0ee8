package dev.pfms.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a streaming ingest delivered: counts only, so it stays small whatever the source size.
 *
 * @param source the file or stream name
 * @param format the ingestor that read it
 * @param transactions how many transactions were delivered
 * @param problems how many problems were delivered
 * @param stoppedEarly whether the sink stopped the reading before the end of the source
 * @param layout what was detected or used to read the source (as in {@link IngestReport#layout()})
 */
public record IngestSummary(String source, String format, long transactions, long problems, boolean stoppedEarly,
    Map<String, String> layout) {

  /** Validates the fields and copies the layout. */
  public IngestSummary {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    layout = Map.copyOf(layout);
    if (transactions < 0 || problems < 0) {
      throw new IllegalArgumentException("negative count");
    }
  }
}
