package io.obsera.model;

import java.util.List;

/** Names of every Kafka topic Obsera owns. One place, so services never disagree on a name. */
public final class Topics {
  /** Raw OTLP span fragments: key {@link RecordKeys#traceKey}, value ExportTraceServiceRequest. */
  public static final String OTLP_SPANS = "obsera.otlp.spans";

  /** Raw OTLP log fragments: key {@link RecordKeys#traceKey} or a resource key. */
  public static final String OTLP_LOGS = "obsera.otlp.logs";

  /**
   * Raw OTLP metric fragments: key {@link RecordKeys#metricKey}, value ExportMetricsServiceRequest.
   */
  public static final String OTLP_METRICS = "obsera.otlp.metrics";

  /** Derived: span count per trace, emitted by the first Streams topology. */
  public static final String TRACE_SPAN_COUNTS = "obsera.traces.span-counts";

  /** Derived: one merged summary per trace session (spans and logs), emitted when it closes. */
  public static final String TRACE_SUMMARIES = "obsera.traces.summaries";

  /** Derived: requests, errors and latency histogram per series and minute, emitted when closed. */
  public static final String RED_MINUTE = "obsera.red.minute";

  /** Derived: running usage totals per tenant and hour (latest total wins). */
  public static final String USAGE_HOURLY = "obsera.usage.hourly";

  /** Derived: good/total span counts per SLO and minute, as deltas (sum them per minute). */
  public static final String SLO_SLI_MINUTE = "obsera.slo.sli-minute";

  /** Derived: burn rates over seven windows and error budget remaining, per SLO and emission. */
  public static final String SLO_BURN_RATES = "obsera.slo.burn-rates";

  /** Records that could not be deserialized or processed, with the reason in headers. */
  public static final String DEAD_LETTER = "obsera.dead-letter";

  /** Control plane, compacted: tenants keyed by tenant id. */
  public static final String CONTROL_TENANTS = "obsera.control.tenants";

  /** Control plane, compacted: API keys keyed by key id (secret stored hashed). */
  public static final String CONTROL_API_KEYS = "obsera.control.api-keys";

  /**
   * Control plane, compacted: SLO definitions keyed by {@code tenant|sloId}; tombstone = delete.
   */
  public static final String CONTROL_SLOS = "obsera.control.slos";

  /**
   * Control plane, compacted: the version of each tenant's analyst (ClickHouse reader) password,
   * keyed by tenant id; rotating bumps it. The password itself is derived, never stored.
   */
  public static final String CONTROL_ANALYST_CREDENTIALS = "obsera.control.analyst-credentials";

  /** Control plane, compacted: SQL-backed dashboards keyed {@code tenant|dashboardId}. */
  public static final String CONTROL_DASHBOARDS = "obsera.control.dashboards";

  /** Control plane, compacted: monitored endpoints keyed {@code tenant|endpointId}. */
  public static final String CONTROL_ENDPOINTS = "obsera.control.endpoints";

  /**
   * Control plane, compacted: each tenant's public status page settings keyed by tenant id (the
   * slug is unique across tenants); tombstone = delete.
   */
  public static final String CONTROL_STATUS_PAGES = "obsera.control.status-pages";

  /** Derived: one {@code HealthCheck} (JSON) per probe check, keyed {@code tenant|endpointId}. */
  public static final String HEALTH_CHECKS = "obsera.probe.health-checks";

  /** Derived: {@code OutageEvent}s (JSON), keyed {@code tenant|endpointId}. */
  public static final String OUTAGE_EVENTS = "obsera.outages.events";

  /** Control plane, compacted: alert rules keyed {@code tenant|ruleId}; tombstone = delete. */
  public static final String CONTROL_ALERT_RULES = "obsera.control.alert-rules";

  /**
   * Control plane, compacted: notification channels keyed {@code tenant|channelId}, secrets sealed
   * ({@code ChannelRecord}); never mirrored to ClickHouse.
   */
  public static final String CONTROL_CHANNELS = "obsera.control.channels";

  /** Control plane, compacted: silences keyed {@code tenant|silenceId}. */
  public static final String CONTROL_SILENCES = "obsera.control.silences";

  /** Control plane, compacted: each tenant's notification routing keyed by tenant id. */
  public static final String CONTROL_ALERT_ROUTING = "obsera.control.alert-routing";

  /** Derived: {@code AlertEvent}s (JSON) keyed {@code tenant|fingerprint}; table {@code alerts}. */
  public static final String ALERT_EVENTS = "obsera.alerts.events";

  /**
   * The alert worker's outbox: one record per notification and channel, written atomically with the
   * grouping state that decided it; the delivery loop commits past a record only once it is
   * delivered or failed for good.
   */
  public static final String ALERT_NOTIFICATIONS = "obsera.alerts.notifications";

  /** The outcome of every delivery attempt sequence (delivered or failed), keyed by delivery id. */
  public static final String ALERT_DELIVERIES = "obsera.alerts.deliveries";

  /** Control plane, compacted: user accounts keyed by user id (password stored as Argon2id). */
  public static final String CONTROL_USERS = "obsera.control.users";

  /** Control plane, compacted: a user's role in a tenant, keyed {@code tenant|userId}. */
  public static final String CONTROL_MEMBERSHIPS = "obsera.control.memberships";

  /**
   * Control plane, compacted: sign-in sessions keyed by the SHA-256 of the session token (the token
   * itself is never stored); tombstone = signed out.
   */
  public static final String CONTROL_SESSIONS = "obsera.control.sessions";

  /** Control plane, compacted: when each session was last used (idle expiry), keyed like it. */
  public static final String CONTROL_SESSION_ACTIVITY = "obsera.control.session-activity";

  /** Control plane, compacted: invites keyed {@code tenant|inviteId} (token stored hashed). */
  public static final String CONTROL_INVITES = "obsera.control.invites";

  /**
   * Control plane, compacted: open password resets keyed by user id (token stored hashed; a new
   * request replaces the previous one); tombstone once used or expired.
   */
  public static final String CONTROL_PASSWORD_RESETS = "obsera.control.password-resets";

  /**
   * Control plane, compacted: each tenant's single sign-on configuration keyed by tenant id (client
   * secrets sealed under {@code OBSERA_SECRET_KEY}); tombstone = no single sign-on.
   */
  public static final String CONTROL_SSO = "obsera.control.sso";

  /**
   * Control plane, compacted: TOTP multi-factor enrolments keyed by user id (secret sealed under
   * {@code OBSERA_SECRET_KEY}, recovery codes stored hashed); tombstone = disabled or reset.
   */
  public static final String CONTROL_TOTP = "obsera.control.totp";

  /** Control plane, compacted: a tenant's sign-in policy (MFA required), keyed by tenant id. */
  public static final String CONTROL_AUTH_POLICIES = "obsera.control.auth-policies";

  /**
   * Append-only audit log: {@code AuditEvent}s (JSON) keyed {@code tenant|eventId}, written by the
   * query service; table {@code audit_log}.
   */
  public static final String AUDIT = "obsera.audit";

  private Topics() {}

  /** Topic definitions with partition counts and cleanup policy, created at start-up. */
  /** The compacted control-plane topics (written only by the query service, signed). */
  public static List<String> controlTopics() {
    return all(1).stream()
        .map(TopicSpec::name)
        .filter(n -> n.startsWith("obsera.control."))
        .toList();
  }

  public static List<TopicSpec> all(int dataPartitions) {
    return List.of(
        TopicSpec.delete(OTLP_SPANS, dataPartitions),
        TopicSpec.delete(OTLP_LOGS, dataPartitions),
        TopicSpec.delete(OTLP_METRICS, dataPartitions),
        TopicSpec.delete(TRACE_SPAN_COUNTS, dataPartitions),
        TopicSpec.delete(TRACE_SUMMARIES, dataPartitions),
        TopicSpec.delete(RED_MINUTE, dataPartitions),
        TopicSpec.delete(USAGE_HOURLY, dataPartitions),
        TopicSpec.delete(SLO_SLI_MINUTE, dataPartitions),
        TopicSpec.delete(SLO_BURN_RATES, dataPartitions),
        TopicSpec.delete(HEALTH_CHECKS, dataPartitions),
        TopicSpec.delete(OUTAGE_EVENTS, dataPartitions),
        TopicSpec.delete(ALERT_EVENTS, dataPartitions),
        TopicSpec.delete(ALERT_NOTIFICATIONS, dataPartitions),
        TopicSpec.delete(ALERT_DELIVERIES, dataPartitions),
        TopicSpec.delete(DEAD_LETTER, 1),
        TopicSpec.delete(AUDIT, dataPartitions),
        TopicSpec.compacted(CONTROL_TENANTS),
        TopicSpec.compacted(CONTROL_API_KEYS),
        TopicSpec.compacted(CONTROL_SLOS),
        TopicSpec.compacted(CONTROL_ANALYST_CREDENTIALS),
        TopicSpec.compacted(CONTROL_DASHBOARDS),
        TopicSpec.compacted(CONTROL_ENDPOINTS),
        TopicSpec.compacted(CONTROL_STATUS_PAGES),
        TopicSpec.compacted(CONTROL_ALERT_RULES),
        TopicSpec.compacted(CONTROL_CHANNELS),
        TopicSpec.compacted(CONTROL_SILENCES),
        TopicSpec.compacted(CONTROL_ALERT_ROUTING),
        TopicSpec.compacted(CONTROL_USERS),
        TopicSpec.compacted(CONTROL_MEMBERSHIPS),
        TopicSpec.compacted(CONTROL_SESSIONS),
        TopicSpec.compacted(CONTROL_SESSION_ACTIVITY),
        TopicSpec.compacted(CONTROL_INVITES),
        TopicSpec.compacted(CONTROL_PASSWORD_RESETS),
        TopicSpec.compacted(CONTROL_SSO),
        TopicSpec.compacted(CONTROL_TOTP),
        TopicSpec.compacted(CONTROL_AUTH_POLICIES));
  }
}
