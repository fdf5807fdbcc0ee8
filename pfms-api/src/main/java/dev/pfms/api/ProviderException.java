package dev.pfms.api;

/**
 * A provider could not be found or is ambiguous: an unknown name (the message lists the installed
 * ones), two providers registered under one name (the message names both classes and their jars),
 * or a provider that failed to instantiate.
 */
public class ProviderException extends PfmsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a provider error.
   *
   * @param message what is wrong, with the names that are installed
   */
  public ProviderException(String message) {
    super(message);
  }

  /**
   * Creates a provider error with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
