package io.obsera.writer.sink;

/**
 * A raw OTLP fragment that does not parse. The topology parses the same bytes with the same parser
 * and dead-letters them (reason {@code unparseable <signal> fragment: ...}), so the writer counts
 * and skips such a record instead of dead-lettering it a second time.
 */
final class UnparseableFragmentException extends PoisonRecordException {
  UnparseableFragmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
