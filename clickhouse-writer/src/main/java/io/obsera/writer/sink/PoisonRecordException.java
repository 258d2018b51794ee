package io.obsera.writer.sink;

/** A record that can never be written (it does not decode); it goes to the dead-letter topic. */
class PoisonRecordException extends RuntimeException {
  PoisonRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
