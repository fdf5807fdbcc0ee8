package dev.pfms.api.spi;

import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives what an {@link Ingestor} reads, record by record, in source order, while it reads — so a
 * source of any size can be processed in bounded memory (see
 * {@link Ingestor#ingest(IngestSource, IngestSink)}). One sink serves one call; an ingestor calls it
 * from the calling thread only, so a sink need not be thread-safe.
 *
 * <p>Returning {@code false} from {@link #transaction} or {@link #problem} stops the reading early:
 * the ingestor closes the source and returns (an early close is not an error).
 * {@link #complete} is called once after the last record when reading ends normally or early, never
 * after an exception.
 */
public interface IngestSink {

  /**
   * An accepted transaction, with its stable id.
   *
   * @param transaction the transaction
   * @return true to go on reading, false to stop
   */
  boolean transaction(Transaction transaction);

  /**
   * A rejected record, located by source, line and field.
   *
   * @param problem the problem
   * @return true to go on reading, false to stop
   */
  boolean problem(IngestProblem problem);

  /**
   * Reading has ended; the summary counts what was delivered.
   *
   * @param summary the counts and the detected layout
   */
  default void complete(IngestSummary summary) {}

  /**
   * A sink that keeps everything, for {@link Ingestor#collect}. Not thread-safe.
   *
   * @return a new collecting sink
   */
  static Collecting collecting() {
    return new Collecting();
  }

  /**
   * A sink that hands transactions on in batches of {@code size} (the last one may be smaller,
   * handed on at {@link #complete}), so that categorization and anomaly scoring consume the stream
   * in batches while at most one batch is held. Problems are handed on one by one as they come.
   *
   * @param size the batch size, at least 1
   * @param batches receives each batch (a fresh list the receiver may keep)
   * @param problems receives each problem
   * @return the sink
   * @throws IllegalArgumentException when {@code size < 1}
   */
  static IngestSink inBatches(int size, Consumer<List<Transaction>> batches, Consumer<IngestProblem> problems) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    Objects.requireNonNull(batches, "batches");
    Objects.requireNonNull(problems, "problems");
    return new IngestSink() {
      private List<Transaction> batch = new ArrayList<>(Math.min(size, 4096));

      @Override
      public boolean transaction(Transaction transaction) {
        batch.add(transaction);
        if (batch.size() >= size) {
          List<Transaction> full = batch;
          batch = new ArrayList<>(Math.min(size, 4096));
          batches.accept(full);
        }
        return true;
      }

      @Override
      public boolean problem(IngestProblem problem) {
        problems.accept(problem);
        return true;
      }

      @Override
      public void complete(IngestSummary summary) {
        if (!batch.isEmpty()) {
          List<Transaction> last = batch;
          batch = new ArrayList<>();
          batches.accept(last);
        }
      }
    };
  }

  /** Keeps every transaction and problem in memory; {@link #report} builds the classic report. */
  final class Collecting implements IngestSink {
    // columnar: ~80 bytes + the description per row instead of ~440 (ADR 0019)
    private final dev.pfms.api.model.CompactTransactions.Builder transactions =
        dev.pfms.api.model.CompactTransactions.builder(1024);
    private final List<IngestProblem> problems = new ArrayList<>();
    private dev.pfms.api.model.CompactTransactions built;

    private Collecting() {}

    @Override
    public boolean transaction(Transaction transaction) {
      Objects.requireNonNull(transaction, "transaction");
      if (built != null) {
        throw new IllegalStateException("the report was already built");
      }
      transactions.add(transaction);
      return true;
    }

    @Override
    public boolean problem(IngestProblem problem) {
      problems.add(Objects.requireNonNull(problem, "problem"));
      return true;
    }

    private dev.pfms.api.model.CompactTransactions built() {
      if (built == null) {
        built = transactions.build();
      }
      return built;
    }

    /**
     * The report of what was collected.
     *
     * @param summary what the ingestor returned
     * @return the report
     */
    public dev.pfms.api.model.IngestReport report(IngestSummary summary) {
      return new dev.pfms.api.model.IngestReport(summary.source(), summary.format(), built(), problems, 0,
          summary.layout());
    }
  }
}
