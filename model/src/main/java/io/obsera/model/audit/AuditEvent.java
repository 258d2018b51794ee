package io.obsera.model.audit;

import java.time.Instant;

/**
 * One entry of the audit log (topic {@code obsera.audit}, key {@code tenant|id}; table {@code
 * audit_log}): who did what to which object of which tenant, when, and how it ended. Secrets never
 * appear in it: request bodies are kept with secret fields redacted.
 *
 * @param id unique per event (the table deduplicates replays on it)
 * @param tenantId the tenant acted on ({@code ""} for operator actions on no tenant)
 * @param actor {@code user:<id>}, {@code key:<keyId>}, {@code admin} (operator), {@code
 *     email:<address>} (a sign-in attempt) or {@code anonymous}
 * @param action e.g. {@code POST /api/v1/slos}, {@code auth.login}
 * @param object the path parameters of the request ({@code id=checkout}), or {@code ""}
 * @param outcome the HTTP status
 * @param detail JSON: the request body with secrets redacted (for {@code /sql}: the query text)
 * @param clientAddress the client's address
 * @param before JSON: the control-plane record the request changed, as it was (secrets redacted);
 *     null when it created the record, changed none, or the event predates snapshots. A request
 *     that changed several records has an object {@code "<kind>:<key>": record} here
 * @param after JSON: the record as the request left it, like {@code before}; null when it deleted
 *     the record
 */
public record AuditEvent(
    String id,
    Instant time,
    String tenantId,
    String actor,
    String action,
    String object,
    int outcome,
    String detail,
    String clientAddress,
    String before,
    String after) {

  /** An event that changed no control-plane record (and how events read before snapshots). */
  public AuditEvent(
      String id,
      Instant time,
      String tenantId,
      String actor,
      String action,
      String object,
      int outcome,
      String detail,
      String clientAddress) {
    this(id, time, tenantId, actor, action, object, outcome, detail, clientAddress, null, null);
  }
}
