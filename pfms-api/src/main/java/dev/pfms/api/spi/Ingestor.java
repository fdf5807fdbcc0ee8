package dev.pfms.api.spi;

import dev.pfms.api.model.IngestReport;

/**
 * Reads one bank export format into normalized transactions. Thread-safe: one ingestor may read
 * many sources at once.
 *
 * <p>Contract (checked by the Ingestor TCK): every record of a source ends up either as a
 * transaction or as a located {@link dev.pfms.api.model.IngestProblem}; reading the same bytes
 * twice yields the same transaction ids; a source the ingestor cannot read at all is an
 * {@link dev.pfms.api.IngestException} naming the source; nothing else escapes.
 */
public interface Ingestor {

  /**
   * The format this ingestor reads, e.g. {@code "csv"}; equal to its provider's name.
   *
   * @return the format
   */
  String format();

  /**
   * How sure this ingestor is that it can read the source, from its first bytes.
   *
   * @param head the first bytes of the source (up to 64 KiB)
   * @param name the source name (its extension is a hint, never proof)
   * @return 0 when it cannot read it, up to 100 when certain
   */
  int recognize(byte[] head, String name);

  /**
   * Reads a source.
   *
   * @param source the source
   * @return the transactions and the rejected records
   * @throws dev.pfms.api.IngestException when the source cannot be read as a whole
   * @throws java.io.UncheckedIOException when the bytes cannot be read
   */
  IngestReport ingest(IngestSource source);
}
