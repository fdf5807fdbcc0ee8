package dev.pfms.core.ingest;

import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transactions already known, by stable id: adding a re-imported file or an overlapping statement
 * adds only what is new and says how much was skipped. Two genuinely identical transactions on one day
 * have different ids (their occurrence counter differs), so both are kept.
 *
 * <p>Thread-safe: every method is synchronized. Insertion order is kept.
 *
 * <pre>{@code
 * TransactionSet known = new TransactionSet();
 * known.merge(csv.ingest(IngestSource.of(march)));
 * IngestReport added = known.merge(csv.ingest(IngestSource.of(marchToApril)));
 * added.duplicatesSkipped(); // the March rows seen before
 * }</pre>
 */
public final class TransactionSet {

  private final Map<String, Transaction> byId = new LinkedHashMap<>();

  /** Creates an empty set. */
  public TransactionSet() {}

  /**
   * A set holding transactions already known (e.g. loaded from the application's store).
   *
   * @param known the transactions
   * @return the set
   */
  public static TransactionSet of(Collection<Transaction> known) {
    TransactionSet s = new TransactionSet();
    s.addAll(known);
    return s;
  }

  /**
   * Adds the transactions whose ids are not known yet.
   *
   * @param transactions the candidates
   * @return how many were skipped because their id was already known
   */
  public synchronized int addAll(Collection<Transaction> transactions) {
    int skipped = 0;
    for (Transaction t : transactions) {
      if (byId.putIfAbsent(t.id(), t) != null) {
        skipped++;
      }
    }
    return skipped;
  }

  /**
   * Merges a report: adds its new transactions and returns a report that holds only those, with
   * {@code duplicatesSkipped} counting the rest (plus any the report had already skipped).
   *
   * @param report a report from an ingestor
   * @return the report of what was added
   */
  public synchronized IngestReport merge(IngestReport report) {
    List<Transaction> added = new ArrayList<>();
    int skipped = 0;
    for (Transaction t : report.transactions()) {
      if (byId.putIfAbsent(t.id(), t) == null) {
        added.add(t);
      } else {
        skipped++;
      }
    }
    return new IngestReport(report.source(), report.format(), added, report.problems(),
        report.duplicatesSkipped() + skipped, report.layout());
  }

  /**
   * Whether an id is known.
   *
   * @param id a transaction id
   * @return true when known
   */
  public synchronized boolean contains(String id) {
    return byId.containsKey(id);
  }

  /**
   * A known transaction by id.
   *
   * @param id the id
   * @return the transaction
   */
  public synchronized Optional<Transaction> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The known transactions, in the order they were added.
   *
   * @return a copy
   */
  public synchronized List<Transaction> transactions() {
    return List.copyOf(byId.values());
  }

  /**
   * How many transactions are known.
   *
   * @return the size
   */
  public synchronized int size() {
    return byId.size();
  }

  @Override
  public synchronized String toString() {
    return "TransactionSet[" + byId.size() + " transactions]";
  }
}
