package dev.pfms.api.store;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Transaction;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Where pfms keeps what must survive a restart. Thread-safe; several processes may share one
 * database (SQLite through its file locks, PostgreSQL through its own concurrency control).
 *
 * <p><b>Transactions</b> are keyed by their stable id ({@link Transaction#id()}), so importing a
 * statement again, or one that overlaps an earlier one, adds nothing. Each {@link #importStatement}
 * is one database transaction: a crash in the middle leaves no part of that statement behind, and a
 * returned {@link ImportResult} is durable.
 *
 * <p><b>Categories</b> carry who set them ({@link CategorySource}) and the model version; a rule or
 * model never overwrites a user's choice. <b>User decisions</b> (corrections through
 * {@link #corrections()}, and {@link #confirm confirmations}), <b>rules</b>, <b>learned payees</b>,
 * <b>recurring series</b>, <b>anomaly feedback</b> and the <b>model registry</b> live beside them.
 *
 * <p>Personal fields (description, merchant, account, and those of corrections) are stored through
 * the store's {@link FieldProtector}. A store records at creation whether its fields are encrypted and
 * checks it at every open: a store written with field encryption refuses to open without its keys (or
 * with other keys), and a plaintext store refuses an encrypting protector, so plaintext and encrypted
 * rows are never mixed and ciphertext is never shown as if it were a description.
 */
public interface Store extends AutoCloseable {

  // ---------------------------------------------------------------- transactions

  /**
   * Imports one statement atomically: new transactions are added, ones already stored are skipped,
   * and rows the store cannot keep are rejected with their location. {@code ingestProblems} (what the
   * ingestor already rejected) are reported as rejected too, so one result says everything.
   *
   * @param source the statement's name, e.g. the file name
   * @param transactions the statement's transactions
   * @param ingestProblems rows the ingestor rejected (may be empty)
   * @param progress called with the number of rows written so far (may be a no-op)
   * @return what was added, skipped and rejected
   * @throws StoreException when the database fails; then nothing of this statement is stored
   */
  ImportResult importStatement(String source, List<Transaction> transactions, List<IngestProblem> ingestProblems,
      LongConsumer progress);

  /**
   * {@link #importStatement(String, List, List, LongConsumer)} without progress.
   *
   * @param source the statement's name
   * @param transactions the transactions
   * @param ingestProblems rows the ingestor rejected
   * @return what was added, skipped and rejected
   */
  default ImportResult importStatement(String source, List<Transaction> transactions, List<IngestProblem> ingestProblems) {
    return importStatement(source, transactions, ingestProblems, n -> { });
  }

  /**
   * Every import so far, oldest first.
   *
   * @return the results as they were committed (rejected rows are not kept: only their count)
   */
  List<ImportResult> statements();

  /**
   * One stored transaction.
   *
   * @param id the stable id
   * @return the transaction, if stored
   */
  Optional<StoredTransaction> transaction(String id);

  /**
   * Every stored transaction, by booking date then id.
   *
   * @return the transactions
   */
  List<StoredTransaction> transactions();

  /**
   * The stored transactions of one account (found through the blind index), by booking date then id.
   *
   * @param account the account
   * @return the transactions
   */
  List<StoredTransaction> transactionsOfAccount(String account);

  /**
   * How many transactions are stored.
   *
   * @return the count
   */
  long transactionCount();

  /**
   * Sets the category of stored transactions that a rule or a model chose. Transactions whose
   * category the user set are left alone; unknown ids are ignored.
   *
   * @param categories transaction id to category
   * @param source {@link CategorySource#RULE} or {@link CategorySource#MODEL}
   * @param modelVersion the model's {@link ModelRecord#label()} when {@code source} is MODEL, else {@code null}
   * @return how many transactions changed
   * @throws IllegalArgumentException when {@code source} is USER (use {@link #corrections()})
   */
  int categorize(Map<String, Category> categories, CategorySource source, String modelVersion);

  // ---------------------------------------------------------------- user decisions

  /**
   * The user's corrections, kept in this store. Adding one also sets the stored transaction's
   * category with source {@link CategorySource#USER}. Categorizers take this as their
   * {@link CorrectionStore}, so no retrain loses a correction.
   *
   * @return the correction store backed by this store
   */
  CorrectionStore corrections();

  /**
   * Records that the user confirmed a transaction's current category (it becomes a USER category).
   *
   * @param transactionId the transaction
   * @param at when
   * @return false when no such transaction, or it has no category
   */
  boolean confirm(String transactionId, Instant at);

  // ---------------------------------------------------------------- rules and payees

  /**
   * Adds or replaces (by name) a user rule.
   *
   * @param rule the rule
   */
  void saveRule(RuleRecord rule);

  /**
   * Deletes a rule.
   *
   * @param name the rule name
   * @return whether it existed
   */
  boolean deleteRule(String name);

  /**
   * The user rules, in the order they were first saved.
   *
   * @return the rules
   */
  List<RuleRecord> rules();

  /**
   * Learns (or re-learns) a payee's category.
   *
   * @param merchant the normalized merchant
   * @param category its category
   * @param at when
   */
  void learnPayee(String merchant, Category category, Instant at);

  /**
   * The category learned for a payee (found through the blind index).
   *
   * @param merchant the normalized merchant
   * @return the payee, if learned
   */
  Optional<LearnedPayee> payee(String merchant);

  /**
   * Every learned payee.
   *
   * @return the payees
   */
  List<LearnedPayee> payees();

  /**
   * Keeps one payee-name teaching (a raw description's key → the canonical payee the user chose),
   * durably, before it applies; its key and payee are personal fields.
   *
   * @param teaching the teaching
   */
  void teachPayee(dev.pfms.api.categorize.PayeeMap.Teaching teaching);

  /**
   * Every payee-name teaching, oldest first (replaying them in order rebuilds the map).
   *
   * @return the teachings
   */
  List<dev.pfms.api.categorize.PayeeMap.Teaching> payeeTeachings();

  /**
   * The learned payee names kept in this store, as a map whose new teachings are kept here.
   *
   * @param confirmedOnly when true, a correction is only a suggestion until confirmed
   * @return the map (a snapshot of the teachings so far plus what is taught through it)
   */
  default dev.pfms.api.categorize.PayeeMap payeeMap(boolean confirmedOnly) {
    return dev.pfms.api.categorize.PayeeMap.replaying(payeeTeachings(), confirmedOnly, this::teachPayee);
  }

  // ---------------------------------------------------------------- recurring series

  /**
   * Replaces the stored recurring series with a new detection's result.
   *
   * @param series the series
   */
  void replaceRecurring(List<SeriesRecord> series);

  /**
   * The stored recurring series.
   *
   * @return the series
   */
  List<SeriesRecord> recurring();

  // ---------------------------------------------------------------- anomaly feedback

  /**
   * Records that the user dismissed an anomaly flag on a transaction: it stays dismissed across
   * restarts and later scoring runs.
   *
   * @param transactionId the flagged transaction
   * @param at when
   */
  void dismissAnomaly(String transactionId, Instant at);

  /**
   * Undoes a dismissal.
   *
   * @param transactionId the transaction
   * @return whether it had been dismissed
   */
  boolean restoreAnomaly(String transactionId);

  /**
   * The ids of every transaction whose anomaly flag the user dismissed.
   *
   * @return the ids
   */
  Set<String> dismissedAnomalies();

  // ---------------------------------------------------------------- transfer decisions

  /**
   * Records the user's decision on a transfer pair, replacing an earlier decision on the same pair.
   *
   * @param decision the decision
   */
  void decideTransfer(TransferDecision decision);

  /**
   * Forgets the decision on a pair, so that the matcher decides again.
   *
   * @param outId the money-out leg
   * @param inId the money-in leg
   * @return whether there was a decision
   */
  boolean forgetTransferDecision(String outId, String inId);

  /**
   * Every remembered transfer decision, by money-out then money-in id.
   *
   * @return the decisions
   */
  List<TransferDecision> transferDecisions();

  // ---------------------------------------------------------------- model registry

  /**
   * Registers a new version of a model whose bytes the store keeps (content-addressed: equal bytes
   * are kept once). It is not active until {@link #promote promoted}.
   *
   * @param name the registry name, e.g. {@code "categorizer"}
   * @param metadata the model's metadata
   * @param bytes the saved model (e.g. its directory as a zip)
   * @return the new record, with the next version number
   */
  ModelRecord registerModel(String name, ModelMetadata metadata, byte[] bytes);

  /**
   * Registers a new version of a model whose bytes live elsewhere.
   *
   * @param name the registry name
   * @param metadata the model's metadata
   * @param location where the bytes are
   * @param sha256 lowercase hex SHA-256 of those bytes
   * @return the new record
   */
  ModelRecord registerModelReference(String name, ModelMetadata metadata, URI location, String sha256);

  /**
   * Makes one version the active one of its name, recording the metrics it was promoted with.
   *
   * @param name the registry name
   * @param version the version
   * @param metrics the held-out metrics that justified the promotion
   * @param at when
   * @return the promoted record
   * @throws IllegalArgumentException when there is no such version
   */
  ModelRecord promote(String name, int version, Map<String, Double> metrics, Instant at);

  /**
   * The active version of a name.
   *
   * @param name the registry name
   * @return the record, if one was promoted
   */
  Optional<ModelRecord> activeModel(String name);

  /**
   * One version.
   *
   * @param name the registry name
   * @param version the version
   * @return the record, if registered
   */
  Optional<ModelRecord> model(String name, int version);

  /**
   * Every registered version, by name then version.
   *
   * @return the records
   */
  List<ModelRecord> models();

  /**
   * The bytes of a version the store holds, checked against their SHA-256.
   *
   * @param name the registry name
   * @param version the version
   * @return the bytes
   * @throws IllegalArgumentException when no such version, or it is only referenced
   * @throws StoreException when the stored bytes do not match their digest
   */
  byte[] modelBytes(String name, int version);

  // ---------------------------------------------------------------- life cycle

  /**
   * Where the store is, without credentials (a file path or a JDBC URL).
   *
   * @return the description
   */
  String location();

  /** Closes the connections. The store is unusable afterwards. */
  @Override
  void close();
}
