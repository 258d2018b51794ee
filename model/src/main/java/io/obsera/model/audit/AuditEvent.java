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
    String clientAddress) {}
