package dev.pfms.api.store;

import dev.pfms.api.PfmsException;

/**
 * The store could not do what was asked: the database is unreachable or locked past the busy
 * timeout, a migration failed, or stored bytes do not match their checksum. Messages name the store
 * (file or URL without credentials) and never contain stored personal data.
 */
public class StoreException extends PfmsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, and where
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what went wrong, and where
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
