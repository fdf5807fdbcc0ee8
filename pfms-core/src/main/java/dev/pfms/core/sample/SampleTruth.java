package dev.pfms.core.sample;

import dev.pfms.api.IngestException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ground truth of a generated data set ({@code truth.csv}), by line of {@code transactions.csv}.
 * Immutable and thread-safe.
 */
public final class SampleTruth {

  /**
   * The truth of one line.
   *
   * @param line the physical line in transactions.csv
   * @param category the true category
   * @param anomaly whether it was injected as an anomaly
   * @param anomalyReason why, or empty
   * @param series the recurring series, or empty
   * @param transfer the transfer it is a leg of (both legs share it), or empty; always empty in
   *     truth files written before transfers were generated
   */
  public record Row(long line, Category category, boolean anomaly, String anomalyReason, String series,
      String transfer) {}

  /** The header of truth files written before the transfer column existed; still read. */
  static final String TRUTH_HEADER_V1 = "line,category,anomaly,anomaly_reason,series";

  private final Map<Long, Row> byLine;

  private SampleTruth(Map<Long, Row> byLine) {
    this.byLine = Collections.unmodifiableMap(byLine);
  }

  /**
   * Reads a truth file.
   *
   * @param file the truth.csv
   * @return the truth
   * @throws IOException when it cannot be read
   * @throws IngestException naming the line when a row is malformed
   */
  public static SampleTruth read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !(lines.get(0).equals(SampleGenerator.TRUTH_HEADER) || lines.get(0).equals(TRUTH_HEADER_V1))) {
      throw new IngestException(file.getFileName().toString(), 1, null,
          "not a truth file: expected header '" + SampleGenerator.TRUTH_HEADER + "'");
    }
    int fields = lines.get(0).split(",", -1).length;
    Map<Long, Row> m = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length != fields) {
        throw new IngestException(file.getFileName().toString(), i + 1, null, "expected " + fields + " fields, got " + f.length);
      }
      try {
        long line = Long.parseLong(f[0]);
        m.put(line, new Row(line, Category.of(f[1]), Boolean.parseBoolean(f[2]), f[3], f[4], fields > 5 ? f[5] : ""));
      } catch (NumberFormatException e) {
        throw new IngestException(file.getFileName().toString(), i + 1, "line", "not a number: " + f[0], e);
      }
    }
    return new SampleTruth(m);
  }

  /**
   * The truth of a generated transaction, by its provenance line.
   *
   * @param t a transaction read from the matching transactions.csv
   * @return its truth, if the line is known
   */
  public Optional<Row> of(Transaction t) {
    return Optional.ofNullable(byLine.get(t.provenance().line()));
  }

  /**
   * Every row, in line order.
   *
   * @return the rows
   */
  public List<Row> rows() {
    return List.copyOf(byLine.values());
  }

  /**
   * The number of rows.
   *
   * @return the size
   */
  public int size() {
    return byLine.size();
  }
}
