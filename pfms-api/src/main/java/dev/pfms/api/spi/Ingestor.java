package dev.pfms.api.spi;

import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.model.Transaction;

/**
 * Reads one bank export format into normalized transactions. Thread-safe: one ingestor may read
 * many sources at once.
 *
 * <p>Contract (checked by the Ingestor TCK): every record of a source ends up either as a
 * transaction or as a located {@link dev.pfms.api.model.IngestProblem}; reading the same bytes
 * twice yields the same transaction ids; a source the ingestor cannot read at all is an
 * {@link dev.pfms.api.IngestException} naming the source; nothing else escapes.
 *
 * <p>Two ways to read: {@link #ingest(IngestSource)} returns everything as one report;
 * {@link #ingest(IngestSource, IngestSink)} delivers each transaction and problem to a sink as it is
 * read, with the same ids, problems and order, so that memory does not grow with the source. The
 * built-in ingestors implement the streaming call and make the report a convenience over it
 * ({@link #collect}); an ingestor that implements only the report call gets a streaming call that
 * replays its report (correct, but not bounded in memory).
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

  /**
   * Reads a source and delivers each transaction and problem to {@code sink} as it is read, in
   * source order, with the same ids and located problems as {@link #ingest(IngestSource)}. The sink
   * can stop the reading early by returning {@code false}. Ingestors that override this keep memory
   * bounded by the size of one record (plus a compact table of ~8 bytes per distinct transaction
   * content for the occurrence counter of the ids; see {@link dev.pfms.api.model.TransactionIds}).
   *
   * <p>The default implementation replays {@link #ingest(IngestSource)}: all transactions, then all
   * problems.
   *
   * @param source the source
   * @param sink receives the records; called from this thread only
   * @return counts and the detected layout
   * @throws dev.pfms.api.IngestException when the source cannot be read as a whole (records
   *     delivered before it was found stay delivered)
   * @throws java.io.UncheckedIOException when the bytes cannot be read
   */
  default IngestSummary ingest(IngestSource source, IngestSink sink) {
    IngestReport r = ingest(source);
    long tx = 0;
    long pr = 0;
    boolean stopped = false;
    for (Transaction t : r.transactions()) {
      tx++;
      if (!sink.transaction(t)) {
        stopped = true;
        break;
      }
    }
    if (!stopped) {
      for (IngestProblem p : r.problems()) {
        pr++;
        if (!sink.problem(p)) {
          stopped = true;
          break;
        }
      }
    }
    IngestSummary summary = new IngestSummary(r.source(), r.format(), tx, pr, stopped, r.layout());
    sink.complete(summary);
    return summary;
  }

  /**
   * The report of a streaming ingest: what an ingestor that implements
   * {@link #ingest(IngestSource, IngestSink)} returns from {@link #ingest(IngestSource)}.
   *
   * @param ingestor the ingestor (it must override the streaming call, or this recurses)
   * @param source the source
   * @return every transaction and problem, in source order
   */
  static IngestReport collect(Ingestor ingestor, IngestSource source) {
    IngestSink.Collecting sink = IngestSink.collecting();
    IngestSummary summary = ingestor.ingest(source, sink);
    return sink.report(summary);
  }
}
