package io.obsera.standalone;

/** A start-up stage failed; the message says which and why. */
public final class StageFailedException extends RuntimeException {
  private final int stage;

  public StageFailedException(int stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  public int stage() {
    return stage;
  }
}
