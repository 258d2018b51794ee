package io.obsera.platform.net;

/** A configured URL whose host may not be contacted (SSRF rule) or cannot be resolved. */
public final class RefusedTargetException extends Exception {
  public RefusedTargetException(String message) {
    super(message);
  }
}
