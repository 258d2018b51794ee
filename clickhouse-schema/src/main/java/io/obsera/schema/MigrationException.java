package io.obsera.schema;

/** A migration could not be applied; start-up must stop. The message names the file. */
public final class MigrationException extends RuntimeException {
  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
