package dev.pfms.api;

/**
 * A model could not be trained, saved or loaded: for example a saved model made by another provider
 * or an incompatible version, a model asked to predict before it was trained, or a missing engine or
 * model artifact (the message then names the Maven artifact to add).
 */
public class ModelException extends PfmsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a model error.
   *
   * @param message what is wrong
   */
  public ModelException(String message) {
    super(message);
  }

  /**
   * Creates a model error with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
