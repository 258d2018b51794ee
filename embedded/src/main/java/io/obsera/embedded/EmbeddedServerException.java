package io.obsera.embedded;

/**
 * An embedded server (ClickHouse or Kafka) could not be fetched, started or stopped. The message
 * says what went wrong and, where it helps, what to do instead. Not retryable: the same call with
 * the same inputs fails the same way.
 */
public class EmbeddedServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddedServerException(String message) {
    super(message);
  }

  public EmbeddedServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
