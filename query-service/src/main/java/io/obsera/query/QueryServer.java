package io.obsera.query;

import com.clickhouse.client.api.Client;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.obsera.identity.Identity;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.saml.IdpMetadataFetcher;
import io.obsera.identity.sso.GitHubClient;
import io.obsera.identity.sso.OidcClient;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.identity.sso.SsoHttp;
import io.obsera.identity.sso.SsoSettingsStore;
import io.obsera.identity.sso.SsoSignIn;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.access.TenantReaderProvisioner;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.ControlRecordAdoption;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.control.KeyedTopicView;
import io.obsera.platform.crypto.EndpointSealer;
import io.obsera.platform.kafka.KafkaReadiness;
import io.obsera.platform.kafka.ServiceAdmins;
import io.obsera.platform.tls.HttpsConnectors;
import io.obsera.query.admin.AdminRoutes;
import io.obsera.query.admin.SettingsRoutes;
import io.obsera.query.admin.TenantAdmin;
import io.obsera.query.admin.TenantKeyRoutes;
import io.obsera.query.alerts.AlertControlViews;
import io.obsera.query.alerts.AlertDeliveries;
import io.obsera.query.alerts.AlertRoutes;
import io.obsera.query.alerts.AlertRuleAdmin;
import io.obsera.query.alerts.AlertRuleRoutes;
import io.obsera.query.alerts.AlertSearch;
import io.obsera.query.alerts.ChannelAdmin;
import io.obsera.query.alerts.ChannelRoutes;
import io.obsera.query.alerts.ChannelTests;
import io.obsera.query.alerts.RoutingAdmin;
import io.obsera.query.alerts.RoutingRoutes;
import io.obsera.query.alerts.SilenceAdmin;
import io.obsera.query.alerts.SilenceRoutes;
import io.obsera.query.alerts.TestThrottle;
import io.obsera.query.api.AccessRules;
import io.obsera.query.api.ApiErrors;
import io.obsera.query.api.Auth;
import io.obsera.query.api.RequestGate;
import io.obsera.query.audit.AuditLog;
import io.obsera.query.audit.AuditRoutes;
import io.obsera.query.audit.AuditTrail;
import io.obsera.query.audit.ControlChanges;
import io.obsera.query.control.KeyRotation;
import io.obsera.query.correlate.CorrelateRoutes;
import io.obsera.query.correlate.Correlation;
import io.obsera.query.dashboards.Dashboard;
import io.obsera.query.dashboards.DashboardRoutes;
import io.obsera.query.dashboards.DashboardStore;
import io.obsera.query.endpoints.EndpointAdmin;
import io.obsera.query.endpoints.EndpointOutageRoutes;
import io.obsera.query.endpoints.EndpointRoutes;
import io.obsera.query.health.HealthRoutes;
import io.obsera.query.health.PipelineMetrics;
import io.obsera.query.health.PipelineStatus;
import io.obsera.query.health.Readiness;
import io.obsera.query.health.SchemaReadiness;
import io.obsera.query.identity.AuthRoutes;
import io.obsera.query.identity.InviteRoutes;
import io.obsera.query.identity.MemberRoutes;
import io.obsera.query.identity.SamlRoutes;
import io.obsera.query.identity.SsoFlowRoutes;
import io.obsera.query.identity.SsoLanding;
import io.obsera.query.identity.SsoRoutes;
import io.obsera.query.identity.TotpRoutes;
import io.obsera.query.latency.LatencyRoutes;
import io.obsera.query.latency.RegionalLatency;
import io.obsera.query.logs.LogRoutes;
import io.obsera.query.logs.LogSearch;
import io.obsera.query.metrics.MetricCatalog;
import io.obsera.query.metrics.MetricQuery;
import io.obsera.query.metrics.MetricRoutes;
import io.obsera.query.openapi.OpenApiRoutes;
import io.obsera.query.probe.ProbeRoutes;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.QuotaPlans;
import io.obsera.query.quota.QuotaRoutes;
import io.obsera.query.quota.Quotas;
import io.obsera.query.services.ServiceCatalog;
import io.obsera.query.services.ServiceRoutes;
import io.obsera.query.sla.OutageRepository;
import io.obsera.query.sla.SlaReports;
import io.obsera.query.sla.SlaRoutes;
import io.obsera.query.slo.BurnRateRepository;
import io.obsera.query.slo.SloAdmin;
import io.obsera.query.slo.SloBudgetRoutes;
import io.obsera.query.slo.SloRoutes;
import io.obsera.query.sql.AnalystCredentialRecord;
import io.obsera.query.sql.AnalystCredentials;
import io.obsera.query.sql.ReaderQueries;
import io.obsera.query.sql.SqlRoutes;
import io.obsera.query.sql.SqlTenantReaders;
import io.obsera.query.sql.SystemTablesCheck;
import io.obsera.query.sql.TenantReaderSync;
import io.obsera.query.status.CheckRepository;
import io.obsera.query.status.StatusPageRoutes;
import io.obsera.query.status.StatusPageSettings;
import io.obsera.query.status.StatusPageStore;
import io.obsera.query.status.StatusPages;
import io.obsera.query.timeline.Timeline;
import io.obsera.query.timeline.TimelineRoutes;
import io.obsera.query.traces.TraceQueryService;
import io.obsera.query.traces.TraceRoutes;
import io.obsera.query.traces.TraceSearch;
import io.obsera.query.webui.WebUiRoutes;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The query service's server: builds its views, stores and domain services, and serves the API on
 * one port (health, traces, admin, ...). Stateless apart from caches.
 */
public final class QueryServer implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QueryServer.class);

  private final QueryConfig config;
  private final ControlPlaneView view;
  private final ControlPlaneWriter writer;
  private final Admin kafkaAdmin;
  private final Client clickHouse;
  private final TenantAdmin tenantAdmin;
  private final TenantReaderProvisioner readerProvisioner;
  private final KeyedTopicView<AnalystCredentialRecord> credentialVersions;
  private final KeyedTopicView<Dashboard> dashboards;
  private final KeyedTopicView<StatusPageSettings> statusPages;
  private final AnalystCredentials analystCredentials;
  private final TenantReaderSync readerSync;
  private final ReaderQueries readerQueries;
  private final AlertControlViews alertViews;
  private final Clock controlClock;
  private final IdentityConfig identityConfig;
  private final Identity identity;
  private final SsoSettingsStore ssoSettings;
  private final AuditLog auditLog;
  private ChannelTests channelTests;
  private final ControlChanges controlChanges;
  private final Readiness readiness = new Readiness();
  private RequestGate gate;
  private SsoConfig ssoConfig = SsoConfig.defaults();
  private Javalin app;

  /** Against an external ClickHouse: tenant readers are created with SQL. */
  public QueryServer(QueryConfig config) {
    this(config, null);
  }

  /**
   * @param readerProvisioner how tenant readers reach ClickHouse (the embedded server's users
   *     file); null: with SQL as the configured user
   */
  public QueryServer(QueryConfig config, TenantReaderProvisioner readerProvisioner) {
    this(config, readerProvisioner, Clock.systemUTC());
  }

  /**
   * @param controlClock "now" of the alerting control plane (rule, channel, silence and routing
   *     times; which silences are active): tests move it by hand
   */
  public QueryServer(
      QueryConfig config, TenantReaderProvisioner readerProvisioner, Clock controlClock) {
    this(config, readerProvisioner, controlClock, IdentityConfig.defaults());
  }

  /**
   * @param identityConfig sessions and passwords of user accounts; {@code controlClock} is their
   *     "now" too (session expiry, sign-in backoff)
   */
  public QueryServer(
      QueryConfig config,
      TenantReaderProvisioner readerProvisioner,
      Clock controlClock,
      IdentityConfig identityConfig) {
    this.config = config;
    this.controlClock = controlClock;
    this.identityConfig = identityConfig;
    ControlVerifier verifier = config.controlTrust().verifier();
    this.writer =
        new ControlPlaneWriter(
            config.kafkaBootstrap(),
            config.kafkaOverrides(),
            config.controlTrust().requireSigner());
    int adopted =
        ControlRecordAdoption.adopt(
            config.kafkaBootstrap(), config.kafkaOverrides(), writer, Topics.controlTopics());
    if (adopted > 0) {
      log.info("signed {} control records written before records were signed", adopted);
    }
    KeyRotation.moveToCurrentKeys(config, writer);
    this.view =
        new ControlPlaneView(config.kafkaBootstrap(), config.kafkaOverrides(), verifier).start();
    Properties a = new Properties();
    a.putAll(config.kafkaOverrides());
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, "obsera-query-health");
    this.kafkaAdmin = ServiceAdmins.create(a);
    this.clickHouse = ClickHouseClients.create(config.clickHouse());
    this.tenantAdmin = new TenantAdmin(writer, view, Clock.systemUTC());
    this.readerProvisioner =
        readerProvisioner != null ? readerProvisioner : new SqlTenantReaders(clickHouse);
    this.credentialVersions =
        new KeyedTopicView<>(
                config.kafkaBootstrap(),
                config.kafkaOverrides(),
                verifier,
                Topics.CONTROL_ANALYST_CREDENTIALS,
                AnalystCredentialRecord.class)
            .start();
    this.dashboards =
        new KeyedTopicView<>(
                config.kafkaBootstrap(),
                config.kafkaOverrides(),
                verifier,
                Topics.CONTROL_DASHBOARDS,
                Dashboard.class)
            .start();
    this.statusPages =
        new KeyedTopicView<>(
                config.kafkaBootstrap(),
                config.kafkaOverrides(),
                verifier,
                Topics.CONTROL_STATUS_PAGES,
                StatusPageSettings.class,
                StatusPageStore.PROBLEM)
            .start();
    this.alertViews =
        new AlertControlViews(config.kafkaBootstrap(), config.kafkaOverrides(), verifier).start();
    this.identity =
        new Identity(
                config.kafkaBootstrap(),
                config.kafkaOverrides(),
                verifier,
                writer,
                identityConfig,
                config.secretKey(),
                controlClock)
            .start();
    this.ssoSettings =
        new SsoSettingsStore(
                config.kafkaBootstrap(),
                config.kafkaOverrides(),
                verifier,
                writer,
                config.secretKey(),
                controlClock)
            .start();
    this.analystCredentials =
        new AnalystCredentials(
            config.analystSecret(),
            Optional.ofNullable(config.defaultTenantAnalystPassword()),
            credentialVersions,
            writer,
            Clock.systemUTC());
    this.readerQueries =
        new ReaderQueries(config.clickHouse().url(), config.clickHouse().database());
    this.auditLog = new AuditLog(config.kafkaBootstrap(), config.kafkaOverrides());
    this.controlChanges =
        ControlChanges.over(
            view, alertViews, dashboards, statusPages, credentialVersions, identity, ssoSettings);
    writer.listen(controlChanges);
    this.readerSync =
        new TenantReaderSync(
            view,
            analystCredentials,
            this.readerProvisioner,
            config.clickHouse().database(),
            config.sqlLimits(),
            new SystemTablesCheck(readerQueries));
    addReadinessChecks();
  }

  /** This service's stages of {@code /ready}: ClickHouse and its schema, Kafka, control plane. */
  private void addReadinessChecks() {
    KafkaReadiness kafka = new KafkaReadiness(kafkaAdmin);
    readiness
        .add("clickhouse", () -> clickHouse.ping(2000) ? null : "does not answer")
        .add(
            "schema",
            new SchemaReadiness(new SchemaMigrator(clickHouse, config.clickHouse().database())))
        .add("kafka", () -> kafka.check() ? null : "does not answer")
        .add(
            "controlPlane",
            () -> {
              ControlViewsState state = new ControlViewsState();
              state.add("tenants, keys, SLOs and endpoints", view.isCaughtUp(), view.stopped());
              state.add(
                  "analyst credentials",
                  credentialVersions.isCaughtUp(),
                  credentialVersions.stopped());
              state.add("dashboards", dashboards.isCaughtUp(), dashboards.stopped());
              state.add("status pages", statusPages.isCaughtUp(), statusPages.stopped());
              state.add("alerting", alertViews.isCaughtUp(), alertViews.stopped());
              return state.reason();
            });
  }

  /**
   * The control-plane stage of {@code /ready}: which views stopped reading (with the reason, which
   * names the topic: lost read rights, a record that breaks the view) and which are still reading
   * what their topics held at start. {@code /ready} needs no credentials: a reason is cut before
   * its exception's text (which may quote a record), which is in the log.
   */
  static final class ControlViewsState {
    private final List<String> stopped = new ArrayList<>();
    private final List<String> behind = new ArrayList<>();

    void add(String views, boolean caughtUp, Optional<String> stoppedBecause) {
      if (stoppedBecause.isPresent()) {
        String why = stoppedBecause.get();
        int detail = why.indexOf(": ");
        stopped.add(
            views
                + " ("
                + (detail < 0 ? why : why.substring(0, detail) + "; details logged")
                + ")");
      } else if (!caughtUp) {
        behind.add(views);
      }
    }

    /** Null when every view reads and has caught up. */
    String reason() {
      List<String> parts = new ArrayList<>();
      if (!stopped.isEmpty()) {
        parts.add("stopped: " + String.join(", ", stopped));
      }
      if (!behind.isEmpty()) {
        parts.add("catching up: " + String.join(", ", behind));
      }
      return parts.isEmpty() ? null : String.join("; ", parts);
    }
  }

  /**
   * Holds requests back while {@code gate} is closed (standalone: while its embedded ClickHouse
   * restarts); call before {@link #start()}.
   */
  public QueryServer holdRequestsWith(RequestGate gate) {
    this.gate = gate;
    return this;
  }

  /** Single sign-on settings the operator chooses ({@code OBSERA_GITHUB_*}); call before start. */
  public QueryServer withSso(SsoConfig sso) {
    this.ssoConfig = sso;
    return this;
  }

  /**
   * What {@code GET /ready} checks; a runtime that runs more stages in this process (standalone)
   * adds theirs before {@link #start()}.
   */
  public Readiness readiness() {
    return readiness;
  }

  public QueryServer start() throws InterruptedException {
    if (!view.awaitCaughtUp(Duration.ofSeconds(60))
        || !credentialVersions.awaitCaughtUp(Duration.ofSeconds(60))
        || !dashboards.awaitCaughtUp(Duration.ofSeconds(60))
        || !statusPages.awaitCaughtUp(Duration.ofSeconds(60))
        || !alertViews.awaitCaughtUp(Duration.ofSeconds(60))
        || !identity.awaitCaughtUp(Duration.ofSeconds(60))
        || !ssoSettings.awaitCaughtUp(Duration.ofSeconds(60))) {
      throw new IllegalStateException("control-plane topics could not be read within 60 s");
    }
    readerSync.start(Duration.ofMillis(500));
    Auth auth = new Auth(view, identity, config.adminToken(), config.previousAdminTokens());
    AccessRules access = new AccessRules(AccessRules.fromOpenApi(OpenApiRoutes.document()), auth);
    AuthRoutes authRoutes = new AuthRoutes(auth, identity, identityConfig, ssoSettings);
    SsoRoutes sso = new SsoRoutes(auth, ssoSettings, identityConfig);
    // where every single sign-on flow (OIDC, GitHub, SAML) ends
    SsoLanding ssoLanding =
        new SsoLanding(new SsoSignIn(identity, ssoSettings, controlClock), identityConfig);
    SsoFlowRoutes ssoFlows =
        new SsoFlowRoutes(
            ssoSettings,
            new OidcClient(new SsoHttp(config.targetGuard()), controlClock),
            new GitHubClient(new SsoHttp(null), ssoConfig, controlClock),
            ssoLanding,
            config.secretKey(),
            identityConfig,
            controlClock);
    SamlRoutes saml =
        new SamlRoutes(
            ssoSettings,
            ssoLanding,
            identityConfig,
            config.secretKey(),
            new IdpMetadataFetcher(
                new SsoHttp(config.targetGuard()), config.targetGuard(), controlClock),
            controlClock);
    InviteRoutes invites =
        new InviteRoutes(auth, identity, tenantAdmin, identityConfig, controlClock);
    MemberRoutes members = new MemberRoutes(auth, identity);
    TotpRoutes totp = new TotpRoutes(auth, identity, identityConfig);
    TenantKeyRoutes tenantKeys = new TenantKeyRoutes(auth, tenantAdmin);
    AuditTrail auditTrail = new AuditTrail(auditLog, controlClock, controlChanges);
    AuditRoutes audit = new AuditRoutes(auth, clickHouse, Clock.systemUTC());
    PipelineStatus pipeline =
        new PipelineStatus(
            kafkaAdmin,
            clickHouse,
            config.streamsApplicationId(),
            Clock.systemUTC(),
            Duration.ofSeconds(5));
    HealthRoutes health =
        new HealthRoutes(kafkaAdmin, clickHouse, pipeline, readerSync::status, readiness);
    PipelineMetrics metrics = new PipelineMetrics(pipeline);
    Clock clock = Clock.systemUTC();
    Quotas quotas = quotas();
    SettingsRoutes settings = new SettingsRoutes(auth, tenantAdmin, quotas);
    QuotaRoutes quotaRoutes = new QuotaRoutes(auth, quotas);
    TraceRoutes traces =
        new TraceRoutes(
            auth,
            new TraceQueryService(clickHouse, config.resultCaps().traceMaxSpans()),
            new TraceSearch(clickHouse),
            quotas,
            clock);
    LogRoutes logs = new LogRoutes(auth, new LogSearch(clickHouse), quotas, clock);
    LatencyRoutes latency = new LatencyRoutes(auth, new RegionalLatency(clickHouse), clock);
    MetricCatalog catalog = new MetricCatalog(clickHouse);
    MetricRoutes metricRoutes =
        new MetricRoutes(auth, catalog, new MetricQuery(clickHouse, catalog), clock);
    BiFunction<String, String, List<EndpointDefinition>> endpointsOfService =
        (tenant, service) ->
            view.endpointsOf(tenant).stream().filter(e -> service.equals(e.service())).toList();
    CorrelateRoutes correlate = new CorrelateRoutes(auth, new Correlation(clickHouse), clock);
    TimelineRoutes timeline =
        new TimelineRoutes(
            auth,
            new Timeline(
                clickHouse,
                (tenant, service) ->
                    endpointsOfService.apply(tenant, service).stream()
                        .map(EndpointDefinition::id)
                        .toList()),
            clock);
    OpenApiRoutes openApi = new OpenApiRoutes();
    AdminRoutes admin = new AdminRoutes(auth, tenantAdmin);
    SloAdmin sloAdmin = new SloAdmin(writer, view, quotas, Clock.systemUTC());
    SloRoutes slos = new SloRoutes(auth, sloAdmin);
    SloBudgetRoutes budgets =
        new SloBudgetRoutes(auth, sloAdmin, new BurnRateRepository(clickHouse), clock);
    AlertSearch alertSearch = new AlertSearch(clickHouse);
    AlertRoutes alerts =
        new AlertRoutes(
            auth, alertSearch, new AlertDeliveries(clickHouse, alertViews::channel), clock);
    ServiceRoutes services =
        new ServiceRoutes(
            auth, new ServiceCatalog(clickHouse, alertSearch, endpointsOfService), clock);
    WebUiRoutes webUi = new WebUiRoutes();
    OutageRepository outages = new OutageRepository(clickHouse);
    SlaRoutes sla = new SlaRoutes(auth, view, new SlaReports(view, outages, clock), clock);
    StatusPageRoutes status =
        new StatusPageRoutes(
            auth,
            new StatusPageStore(writer, statusPages, clock),
            new StatusPages(view, outages, new CheckRepository(clickHouse), clock));
    SqlRoutes sql =
        new SqlRoutes(
            auth,
            view,
            readerQueries,
            analystCredentials,
            readerSync,
            quotas,
            config.clickHouse().url(),
            config.clickHouse().database());
    EndpointRoutes endpoints =
        new EndpointRoutes(
            auth,
            new EndpointAdmin(
                writer,
                view,
                config.targetGuard(),
                new EndpointSealer(config.secretKey()),
                quotas,
                Clock.systemUTC()));
    AlertRuleRoutes alertRules =
        new AlertRuleRoutes(
            auth,
            new AlertRuleAdmin(writer, alertViews, view, quotas, controlClock),
            clickHouse,
            Clock.systemUTC());
    ChannelAdmin channelAdmin =
        new ChannelAdmin(
            writer, alertViews, config.secretKey(), config.targetGuard(), quotas, controlClock);
    channelTests =
        new ChannelTests(
            config.kafkaBootstrap(),
            config.kafkaOverrides(),
            new TestThrottle(Duration.ofSeconds(10), 30, Clock.systemUTC()),
            Duration.ofSeconds(20),
            Clock.systemUTC());
    ChannelRoutes channels = new ChannelRoutes(auth, channelAdmin, channelTests);
    ChannelRoutes operatorChannels = ChannelRoutes.operator(channelAdmin);
    SilenceRoutes silences =
        new SilenceRoutes(auth, new SilenceAdmin(writer, alertViews, quotas, controlClock));
    RoutingAdmin routingAdmin = new RoutingAdmin(writer, alertViews, controlClock);
    RoutingRoutes alertRouting = new RoutingRoutes(auth, routingAdmin);
    RoutingRoutes operatorRouting = RoutingRoutes.operator(routingAdmin);
    EndpointOutageRoutes endpointOutages = new EndpointOutageRoutes(auth, outages, clock);
    ProbeRoutes probe =
        new ProbeRoutes(
            auth, view, new EndpointSealer(config.secretKey()), quotas, Clock.systemUTC());
    DashboardRoutes dashboardRoutes =
        new DashboardRoutes(
            auth,
            new DashboardStore(writer, dashboards),
            readerQueries,
            sql,
            quotas,
            Clock.systemUTC(),
            config.resultCaps().panelMaxResultBytes());
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              config
                  .tls()
                  .ifPresent(
                      tls ->
                          cfg.jetty.addConnector(
                              (server, http) ->
                                  HttpsConnectors.create(
                                      server, http, tls, config.bindHost(), config.apiPort())));
              ApiErrors.register(cfg);
              if (gate != null) {
                gate.register(cfg);
              }
              access.register(cfg);
              authRoutes.register(cfg);
              sso.register(cfg);
              ssoFlows.register(cfg);
              saml.register(cfg);
              invites.register(cfg);
              members.register(cfg);
              totp.register(cfg);
              tenantKeys.register(cfg);
              settings.register(cfg);
              auditTrail.register(cfg);
              audit.register(cfg);
              health.register(cfg);
              openApi.register(cfg);
              metrics.register(cfg);
              traces.register(cfg);
              logs.register(cfg);
              latency.register(cfg);
              metricRoutes.register(cfg);
              correlate.register(cfg);
              timeline.register(cfg);
              admin.register(cfg);
              slos.register(cfg);
              budgets.register(cfg);
              alerts.register(cfg);
              services.register(cfg);
              sql.register(cfg);
              dashboardRoutes.register(cfg);
              endpoints.register(cfg);
              endpointOutages.register(cfg);
              probe.register(cfg);
              sla.register(cfg);
              status.register(cfg);
              alertRules.register(cfg);
              channels.register(cfg);
              silences.register(cfg);
              alertRouting.register(cfg);
              operatorChannels.register(cfg);
              operatorRouting.register(cfg);
              quotaRoutes.register(cfg);
              webUi.register(cfg);
            });
    app.start(config.bindHost(), config.apiPort());
    return this;
  }

  /** The tenants' quotas ({@code OBSERA_QUOTA_*} today), counted on this service's views. */
  private Quotas quotas() {
    Map<ObjectQuota, ToIntFunction<String>> counts =
        Map.of(
            ObjectQuota.ENDPOINTS, t -> view.endpointsOf(t).size(),
            ObjectQuota.SLOS, t -> view.slosOf(t).size(),
            ObjectQuota.ALERT_RULES, t -> alertViews.rulesOf(t).size(),
            ObjectQuota.CHANNELS, t -> alertViews.channelsOf(t).size(),
            ObjectQuota.SILENCES,
                t -> SilenceAdmin.unexpired(alertViews, t, controlClock.instant()),
            ObjectQuota.DASHBOARDS, t -> dashboards.withKeyPrefix(t + "|").size(),
            ObjectQuota.STATUS_PAGES, t -> statusPages.get(t).isPresent() ? 1 : 0);
    return new Quotas(
        QuotaPlans.everyTenant(config.quotas()),
        counts,
        t ->
            dashboards.withKeyPrefix(t + "|").stream()
                .mapToInt(d -> d.panels().size())
                .max()
                .orElse(0));
  }

  public int port() {
    return app.port();
  }

  /** The registered HTTP routes as {@code "METHOD path"} (not before/after filters). */
  public List<String> routes() {
    Set<HandlerType> methods =
        Set.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE);
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint)
        .filter(e -> methods.contains(e.method))
        .map(e -> e.method.name() + " " + e.path)
        .sorted()
        .toList();
  }

  /** Users, memberships and sessions (standalone and tests create the first users with it). */
  public Identity identity() {
    return identity;
  }

  public TenantAdmin tenantAdmin() {
    return tenantAdmin;
  }

  /** Tenants' analyst users and passwords (standalone prints where to find them). */
  public AnalystCredentials analystCredentials() {
    return analystCredentials;
  }

  /** Applies the tenant readers now if they changed (start-up, tests); see TenantReaderSync. */
  public TenantReaderSync readerSync() {
    return readerSync;
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    readerSync.close();
    credentialVersions.close();
    dashboards.close();
    statusPages.close();
    alertViews.close();
    identity.close();
    ssoSettings.close();
    auditLog.close();
    if (channelTests != null) {
      channelTests.close();
    }
    view.close();
    writer.close();
    kafkaAdmin.close(Duration.ofSeconds(2));
    readerQueries.close();
    clickHouse.close();
  }
}
