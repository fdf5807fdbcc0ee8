package dev.pfms.api;

/**
 * The one unchecked root of every error pfms raises on purpose.
 *
 * <p>Specific subclasses say where a problem lies: {@link IngestException} (a source, line and
 * field), {@link ModelException} (a trained model), {@link ConsentRequiredException} (a missing
 * consent) and {@link ProviderException} (discovery and configuration of providers). Messages never
 * contain key material or whole records.
 */
public class PfmsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, and where
   */
  public PfmsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, and where
   * @param cause the underlying failure
   */
  public PfmsException(String message, Throwable cause) {
    super(message, cause);
  }
}
