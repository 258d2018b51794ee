package io.obsera.query.sql;

import io.obsera.query.api.ApiException;
import java.util.Map;

/**
 * Turns a ClickHouse error into the API's: a limit of the tenant's reader -> 422 naming the limit,
 * its quota or concurrency limit -> 429 naming it, a missing privilege or a locked setting -> 403,
 * an unknown reader login -> 503 (its user is being created), anything else -> 400 with
 * ClickHouse's message.
 */
final class ClickHouseErrors {
  private static final Map<String, String> LIMITS =
      Map.of(
          "158", "max_rows_to_read",
          "159", "max_execution_time",
          "160", "max_execution_time (estimated)",
          "241", "max_memory_usage");
  private static final Map<String, String> QUOTAS =
      Map.of(
          "201", "the reader's quota of queries per minute",
          "202", "max_concurrent_queries_for_user (queries at once)");
  private static final java.util.Set<String> FORBIDDEN = java.util.Set.of("497", "164", "452");

  private ClickHouseErrors() {}

  static ApiException toApi(String code, String clickHouseMessage) {
    String message = clean(clickHouseMessage);
    if (code == null) {
      return ApiException.unavailable("ClickHouse answered without an error code: " + message);
    }
    String quota = QUOTAS.get(code);
    if (quota != null) {
      return new ApiException(429, "too_many_requests", "query exceeded " + quota + ": " + message);
    }
    String limit = code.equals("396") ? resultLimit(message) : LIMITS.get(code);
    if (limit != null) {
      return new ApiException(422, "limit_exceeded", "query exceeded " + limit + ": " + message);
    }
    if (FORBIDDEN.contains(code)) {
      return new ApiException(403, "forbidden", message);
    }
    if (code.equals("516")) {
      return ApiException.unavailable(
          "the tenant's ClickHouse user is not ready yet (being created); retry in a few seconds");
    }
    return ApiException.badRequest(message);
  }

  /** Code 396 is shared by the result limits and the temporary data limit. */
  private static String resultLimit(String message) {
    if (message.contains("temporary files")) {
      return "max_temporary_data_on_disk_size_for_query (readers never spill to disk)";
    }
    return message.contains("max bytes") ? "max_result_bytes" : "max_result_rows";
  }

  /** ClickHouse's text without the trailing version note and whitespace. */
  static String clean(String text) {
    return text.strip().replaceAll("\\s*\\(version [0-9.]+( \\([^)]*\\))?\\)$", "");
  }
}
