package io.obsera.ingest.otlp;

import io.obsera.ingest.pipeline.Signal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One generated OTLP/HTTP request of {@link BadInputIT} and the answer the README documents for it.
 *
 * @param id case number, part of every marker the case's items carry
 * @param family what kind of bad input this is (e.g. {@code pb-truncated})
 * @param contentType Content-Type header, null to send none
 * @param headers further headers (Content-Encoding)
 * @param auth which Authorization header to send
 * @param chunked send the body without Content-Length (chunked transfer encoding)
 * @param status the documented HTTP status
 * @param messageHints the error or partial-success message must contain one of these
 * @param rejectedItems for a 200: the exact rejected count of partial_success
 * @param landing markers of the items that must reach Kafka (exactly once)
 * @param attributes for items whose attributes exceed a limit: what Kafka must hold, by marker
 */
record BadInputCase(
    int id,
    String family,
    Signal signal,
    String contentType,
    Map<String, String> headers,
    Auth auth,
    byte[] body,
    boolean chunked,
    int status,
    List<String> messageHints,
    int rejectedItems,
    Set<String> landing,
    Map<String, Limited> attributes) {

  /** The Authorization header a case sends. */
  enum Auth {
    INGEST,
    NONE,
    NOT_BEARER,
    UNKNOWN,
    QUERY_ONLY
  }

  /**
   * An item's attributes after the limits: the keys kept in order, the dropped count (the item's
   * own count plus what was dropped) and the expected value of every truncated string.
   */
  record Limited(List<String> keptKeys, int droppedCount, Map<String, String> truncated) {}

  String path() {
    return "/v1/" + signal.header();
  }

  @Override
  public String toString() {
    return "case " + id + " (" + family + ", " + signal.header() + ", " + contentType + ")";
  }
}
