package dev.pfms.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out connections for one unit of work: a write transaction or a read. Thread-safe. */
public interface Connections extends AutoCloseable {

  /**
   * Work on a connection.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  interface Work<T> {
    /**
     * Does the work.
     *
     * @param c the connection
     * @return the result
     * @throws SQLException when the database fails
     */
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs work in one write transaction: committed when it returns, rolled back when it throws.
   *
   * @param <T> the result type
   * @param work the work
   * @return its result
   * @throws SQLException when the database fails (after any retries the database calls for)
   */
  <T> T write(Work<T> work) throws SQLException;

  /**
   * Runs read-only work.
   *
   * @param <T> the result type
   * @param work the work
   * @return its result
   * @throws SQLException when the database fails
   */
  <T> T read(Work<T> work) throws SQLException;

  /**
   * Where the database is, without credentials.
   *
   * @return the location
   */
  String location();

  @Override
  void close();
}
