package io.obsera.platform.control;

/** Kafka did not take a control-plane write; retryable. */
public final class ControlPlaneUnavailableException extends RuntimeException {
  public ControlPlaneUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public boolean retryable() {
    return true;
  }
}
