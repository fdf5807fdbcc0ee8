package dev.pfms.spark;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link PfmsSpark#read} returns: the transactions ({@link Schemas#TRANSACTIONS}) and the
 * problems ({@link Schemas#PROBLEMS}) of a set of bank files. Both are lazy; each reads the files
 * when an action needs it (ingest is deterministic, so both see the same files the same way); cache
 * {@code transactions} when it is used more than once.
 *
 * @param transactions one row per transaction
 * @param problems one row per rejected record or unreadable file
 */
public record Ingested(Dataset<Row> transactions, Dataset<Row> problems) {

  /** Validates the fields. */
  public Ingested {
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(problems, "problems");
  }
}
