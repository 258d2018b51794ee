#!/usr/bin/env python3
"""Writes the upgrade fixture: a data directory of the standalone runtime built from one commit.

Starts `java -jar <jar>` on a fresh data directory, creates a realistic state through the public
HTTP API only (admin API, tenant API, OTLP/HTTP with JSON and protobuf bodies), waits until every
piece is visible through the API, stops the runtime with SIGTERM (its shutdown hook), and packs the
data directory (minus what the runtime regenerates) into <out-dir>/<name>.tar.gz with a manifest
<out-dir>/<name>.json naming what is inside. UpgradeFromPreviousMainRestartIT reads both.

Everything in the data directory is throwaway test data: the admin token, API keys, channel
secrets and the secret key in the archive and the manifest protect nothing.

Usage (see README.md beside this file):
  python3 make-fixture.py --jar standalone/target/obsera-standalone.jar --commit 4961049 \
      --out-dir standalone/src/test/resources/upgrade [--work /tmp/obsera-upgrade-fixture]
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request

TENANT = "acme"
WEBHOOK_SECRET = "whsec-upgrade-fixture-0123456789"
SLACK_URL = "https://52.0.0.1/services/T00000000/B00000000/upgradefixture000000000000"
CHECKOUT_TRACES = 20
ERROR_TRACES = {0, 3, 6, 9, 12, 15}  # root and payment span fail: 6 of 20 (30% > 14.4 x 1%)
LATENCY_THRESHOLD_MS = 300


def root_duration_ms(i):
    return 80 + 30 * i  # 80 .. 650 ms: traces 0..7 are within 300 ms


def hex_id(prefix, n, length):
    return prefix + format(n, "x").rjust(length - len(prefix), "0")


CHECKOUT_TRACE_IDS = [hex_id("acc0", i + 1, 32) for i in range(CHECKOUT_TRACES)]
COUNT_TRACE_ID = hex_id("acc1", 1, 32)  # 5 spans, its session closed before the stop
OPEN_TRACE_ID = hex_id("acc2", 1, 32)  # 3 spans and a log, its session still open at the stop
DEFAULT_TRACE_ID = hex_id("def0", 1, 32)
EXAMPLE_PROTOBUF_TRACE_ID = "5b8efff798038103d269b633813fc60c"  # docs/examples/trace.binpb


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


class Http:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, token=None, body=None, content_type="application/json",
             expect=None):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        if expect is not None and status not in (expect if isinstance(expect, tuple) else (expect,)):
            raise SystemExit(f"{method} {path} -> {status} {raw[:500]!r} (expected {expect})")
        text = raw.decode("utf-8", "replace")
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text


def wait_until(what, fn, timeout=120, every=0.5):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = fn()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 (keep polling, report the last error)
            last = e
        time.sleep(every)
    raise SystemExit(f"timed out waiting for {what}; last: {last!r}")


# ---------------------------------------------------------------- webhook receiver


class Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ts = self.headers.get("X-Obsera-Timestamp", "")
        sig = self.headers.get("X-Obsera-Signature", "")
        want = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), (ts + ".").encode() + body,
                                    hashlib.sha256).hexdigest()
        Receiver.received.append({
            "deliveryId": self.headers.get("X-Obsera-Delivery"),
            "signatureValid": hmac.compare_digest(sig, want),
            "body": json.loads(body),
        })
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- OTLP/JSON bodies


def attr(key, value):
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    return {"key": key, "value": {"stringValue": value}}


def resource(service, region=None, extra=None):
    attrs = [attr("service.name", service), attr("deployment.environment", "fixture")]
    if region:
        attrs.append(attr("cloud.region", region))
    for k, v in (extra or {}).items():
        attrs.append(attr(k, v))
    return {"attributes": attrs}


def span(trace_id, span_id, name, kind, start_ns, dur_ms, parent=None, error=False, attrs=None):
    s = {
        "traceId": trace_id,
        "spanId": span_id,
        "name": name,
        "kind": kind,  # 1 internal, 2 server, 3 client
        "startTimeUnixNano": str(start_ns),
        "endTimeUnixNano": str(start_ns + dur_ms * 1_000_000),
        "attributes": [attr(k, v) for k, v in (attrs or {}).items()],
        "status": {"code": 2, "message": "card declined"} if error else {"code": 1},
    }
    if parent:
        s["parentSpanId"] = parent
    return s


def traces_body(groups):
    """groups: list of (resource, [spans])."""
    return {"resourceSpans": [
        {"resource": res, "scopeSpans": [{"scope": {"name": "upgrade-fixture"}, "spans": spans}]}
        for res, spans in groups]}


def log_record(time_ns, severity_number, severity_text, body, trace_id=None, span_id=None,
               attrs=None):
    r = {
        "timeUnixNano": str(time_ns),
        "observedTimeUnixNano": str(time_ns),
        "severityNumber": severity_number,
        "severityText": severity_text,
        "body": {"stringValue": body},
        "attributes": [attr(k, v) for k, v in (attrs or {}).items()],
    }
    if trace_id:
        r["traceId"] = trace_id
        r["spanId"] = span_id
    return r


def logs_body(groups):
    return {"resourceLogs": [
        {"resource": res, "scopeLogs": [{"scope": {"name": "upgrade-fixture"}, "logRecords": recs}]}
        for res, recs in groups]}


# ---------------------------------------------------------------- the scenario


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", required=True)
    p.add_argument("--commit", required=True, help="short commit id the jar was built from")
    p.add_argument("--out-dir", required=True)
    p.add_argument("--work", default="/tmp/obsera-upgrade-fixture")
    p.add_argument("--cache-dir", default="/tmp/obsera-cache",
                   help="OBSERA_CACHE_DIR (libchdb), kept out of the data directory")
    p.add_argument("--example-protobuf", default="docs/examples/trace.binpb")
    a = p.parse_args()

    name = f"main-{a.commit}"
    data = os.path.join(a.work, "data")
    if os.path.exists(data):
        shutil.rmtree(data)
    os.makedirs(a.work, exist_ok=True)
    ports = {v: free_port() for v in (
        "OBSERA_API_PORT", "OBSERA_OTLP_HTTP_PORT", "OBSERA_OTLP_GRPC_PORT",
        "OBSERA_CLICKHOUSE_HTTP_PORT", "OBSERA_CLICKHOUSE_TCP_PORT", "OBSERA_KAFKA_PORT")}
    env = {k: v for k, v in os.environ.items()
           if k not in ("OBSERA_API_KEY", "OBSERA_ADMIN_TOKEN", "OBSERA_SECRET_KEY",
                        "OBSERA_ANALYST_PASSWORD") and not k.startswith("KAFKA_")}
    env.update({k: str(v) for k, v in ports.items()})
    env.update({
        "OBSERA_DATA_DIR": data,
        "OBSERA_CACHE_DIR": a.cache_dir,
        "OBSERA_STANDALONE_PROBES": "none",
        # the webhook receiver of this script listens on loopback
        "OBSERA_TARGET_ALLOWLIST": "127.0.0.0/8",
        # timings only (not stored): SLIs, burn rates and alerts within seconds
        "OBSERA_SLO_FLUSH_MS": "500",
        "OBSERA_SLO_BURN_INTERVAL_MS": "2000",
        "OBSERA_ALERT_EVAL_INTERVAL_MS": "1000",
        "OBSERA_ALERT_TICK_MS": "200",
    })
    run_log = open(os.path.join(a.work, "runtime.log"), "w")
    log(f"starting {a.jar} on {data}")
    proc = subprocess.Popen(["java", "-Xmx1g", "-XX:+UseG1GC", "-jar", a.jar], env=env,
                            stdout=run_log, stderr=subprocess.STDOUT)
    try:
        manifest = scenario(a, data, ports, proc)
    except BaseException:
        proc.send_signal(signal.SIGTERM)
        proc.wait(120)
        raise
    stop(proc, manifest)
    pack(a, data, name, manifest)


def scenario(a, data, ports, proc):
    api = Http(f"http://127.0.0.1:{ports['OBSERA_API_PORT']}")
    otlp = Http(f"http://127.0.0.1:{ports['OBSERA_OTLP_HTTP_PORT']}")

    def ready():
        if proc.poll() is not None:
            raise SystemExit(f"runtime exited with {proc.returncode}; see {a.work}/runtime.log")
        with open(os.path.join(a.work, "runtime.log")) as f:
            return "Obsera is ready" in f.read()
    wait_until("the runtime to be ready", ready, timeout=600, every=1)
    admin = open(os.path.join(data, "admin-token")).read().strip()
    default_key = open(os.path.join(data, "api-key")).read().strip()
    log("ready")

    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    hook_url = f"http://127.0.0.1:{hook.server_address[1]}/hook"

    # ---- admin API: tenants, retention (the IT may run years later), limits, keys, analyst users
    for t in ("default", TENANT):
        if t != "default":
            api.call("POST", "/api/v1/admin/tenants", admin, {"id": t, "name": "Acme Inc"},
                     expect=201)
        api.call("PUT", f"/api/v1/admin/tenants/{t}/retention", admin, {"days": 3650}, expect=200)
    api.call("PUT", f"/api/v1/admin/tenants/{TENANT}/limits", admin,
             {"itemsPerSecond": 20000, "maxItemsPerRequest": 5000, "maxAttributesPerItem": 64},
             expect=200)
    api.call("PUT", f"/api/v1/admin/tenants/{TENANT}/timezone", admin,
             {"timeZone": "Europe/Berlin"}, expect=200)

    def issue(body):
        return api.call("POST", f"/api/v1/admin/tenants/{TENANT}/keys", admin, body,
                        expect=201)[1]
    key = issue({"name": "acme collectors", "scopes": ["ingest", "query"]})
    query_key = issue({"name": "acme grafana", "scopes": ["query"]})
    revoked = issue({"name": "acme leaked key"})
    api.call("DELETE", f"/api/v1/admin/tenants/{TENANT}/keys/{revoked['keyId']}", admin,
             expect=204)
    wait_until("the revoked key to stop working",
               lambda: api.call("GET", "/api/v1/slos", revoked["key"])[0] == 401)
    # a rotation makes the analyst password's version 2 (stored in a control topic)
    api.call("POST", f"/api/v1/admin/tenants/{TENANT}/analyst-credentials", admin, expect=200)
    analyst = wait_until(
        "acme's analyst user",
        lambda: (lambda r: r if r.get("ready") else None)(
            api.call("GET", f"/api/v1/admin/tenants/{TENANT}/analyst-credentials", admin,
                     expect=200)[1]),
        timeout=120, every=1)
    k = key["key"]

    # ---- tenant API (acme)
    api.call("POST", "/api/v1/slos", k, {
        "id": "checkout-availability", "name": "Checkout availability", "kind": "AVAILABILITY",
        "service": "checkout", "spanKind": "SERVER", "objective": 0.99, "period": "ROLLING_30D"},
        expect=201)
    api.call("POST", "/api/v1/slos", k, {
        "id": "checkout-latency", "name": "Checkout under 300 ms", "kind": "LATENCY",
        "service": "checkout", "operation": "POST /checkout",
        "thresholdMs": LATENCY_THRESHOLD_MS, "objective": 0.95, "period": "CALENDAR_MONTH"},
        expect=201)
    api.call("PUT", "/api/v1/endpoints/api-health", k, {
        "name": "API health", "url": "https://93.184.215.14/health", "service": "checkout",
        "regions": ["eu-west", "us-east", "ap-south"], "intervalMs": 60000,
        "maintenanceWindows": [{"start": "2027-01-10T02:00:00Z", "end": "2027-01-10T03:00:00Z",
                                "reason": "database upgrade"}]}, expect=201)
    api.call("POST", "/api/v1/channels", k, {
        "id": "ops-hook", "name": "Ops webhook",
        "channel": {"type": "WEBHOOK", "url": hook_url, "secret": WEBHOOK_SECRET}}, expect=201)
    api.call("POST", "/api/v1/channels", k, {
        "id": "team-slack", "name": "Team Slack",
        "channel": {"type": "SLACK", "webhookUrl": SLACK_URL}}, expect=201)
    api.call("PUT", "/api/v1/alert-routing", k, {
        "routes": [
            {"matchers": [{"label": "severity", "op": "=", "value": "page"}],
             "channels": ["ops-hook"], "groupBy": ["slo"], "groupWaitMs": 0,
             "groupIntervalMs": 1000, "repeatIntervalMs": 86400000},
            {"matchers": [{"label": "severity", "op": "=", "value": "ticket"}],
             "channels": ["team-slack"]}],
        "defaultChannels": ["ops-hook"], "groupIntervalMs": 1000,
        "repeatIntervalMs": 86400000}, expect=200)
    api.call("POST", "/api/v1/alert-rules", k, {
        "id": "checkout-burn", "name": "Checkout burn", "kind": "BURN_RATE",
        "sloId": "checkout-availability",
        "burnConditions": [{"severity": "PAGE", "longWindow": "1h", "shortWindow": "5m",
                            "factor": 14.4}],
        "labels": {"team": "payments"}}, expect=201)
    api.call("POST", "/api/v1/alert-rules", k, {
        "id": "checkout-slow", "name": "Checkout p99 over 10 s", "kind": "THRESHOLD",
        "signal": "LATENCY", "percentile": 99, "service": "checkout", "comparison": "ABOVE",
        "threshold": 10000, "windowMs": 300000, "forMs": 120000, "groupBy": ["region"],
        "severity": "TICKET"}, expect=201)
    silence_ends = (datetime.datetime.now(datetime.timezone.utc)
                    + datetime.timedelta(days=300)).replace(microsecond=0)
    silence = api.call("POST", "/api/v1/silences", k, {
        "matchers": [{"label": "region", "op": "=", "value": "ap-south"}],
        "endsAt": silence_ends.isoformat().replace("+00:00", "Z"),
        "comment": "ap-south migration"}, expect=201)[1]
    api.call("POST", "/api/v1/dashboards", k, {
        "id": "checkout-overview", "title": "Checkout overview",
        "panels": [
            {"id": "spans-by-service", "title": "Spans and errors by service",
             "sql": "SELECT ServiceName, count() AS spans, countIf(StatusCode = 'Error') AS errors"
                    " FROM otel_traces WHERE Timestamp >= {from:DateTime64(9)}"
                    " AND Timestamp < {to:DateTime64(9)} GROUP BY ServiceName"
                    " ORDER BY ServiceName"},
            {"id": "logs-by-severity", "title": "Logs by severity",
             "sql": "SELECT SeverityText, count() AS logs FROM otel_logs"
                    " WHERE Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}"
                    " GROUP BY SeverityText ORDER BY SeverityText"}]}, expect=201)
    api.call("PUT", "/api/v1/status-page", k, {
        "slug": "acme", "title": "Acme status", "components": ["checkout", "api-health"],
        "public": True}, expect=(200, 201))

    # ---- telemetry (acme): 20 checkout traces of 3 spans and a log, 6 failing
    t0 = time.time_ns() - 60 * 1_000_000_000  # a minute ago, so no span is "ahead"
    groups_checkout, groups_payments, logs_checkout = [], [], []
    for i, tid in enumerate(CHECKOUT_TRACE_IDS):
        start = t0 + i * 1_000_000_000
        region = "eu-west" if i % 2 == 0 else "us-east"
        err = i in ERROR_TRACES
        root, client, pay = (hex_id("a0", i + 1, 16), hex_id("a1", i + 1, 16),
                             hex_id("a2", i + 1, 16))
        dur = root_duration_ms(i)
        groups_checkout.append((resource("checkout", region), [
            span(tid, root, "POST /checkout", 2, start, dur, error=err,
                 attrs={"http.request.method": "POST", "http.route": "/checkout",
                        "http.response.status_code": 502 if err else 200, "cart.items": i % 5}),
            span(tid, client, "POST /charge", 3, start + 10_000_000, dur - 20, parent=root,
                 error=err)]))
        groups_payments.append((resource("payments", region), [
            span(tid, pay, "POST /charge", 2, start + 12_000_000, dur - 30, parent=client,
                 error=err)]))
        logs_checkout.append(log_record(
            start + 15_000_000, 17 if err else 9, "ERROR" if err else "INFO",
            "payment declined" if err else "order placed", tid, root,
            {"order.id": f"ord-{i + 1}"}))
    otlp.call("POST", "/v1/traces", k, traces_body(groups_checkout + groups_payments), expect=200)
    otlp.call("POST", "/v1/logs", k, logs_body(
        [(resource("checkout", "eu-west"), logs_checkout),
         (resource("checkout", "eu-west"), [
             log_record(t0, 9, "INFO", "cache warmed"),
             log_record(t0 + 1, 13, "WARN", "inventory service slow")])]), expect=200)
    # a batch job trace of 5 spans (its span count continues after the upgrade)
    job_root = hex_id("b0", 1, 16)
    job_spans = [span(COUNT_TRACE_ID, job_root, "reconcile", 1, t0, 900,
                      attrs={"job.name": "nightly-reconcile"})]
    for j in range(4):
        job_spans.append(span(COUNT_TRACE_ID, hex_id("b1", j + 1, 16), f"reconcile batch {j + 1}",
                              1, t0 + (j + 1) * 150_000_000, 100, parent=job_root))
    otlp.call("POST", "/v1/traces", k, traces_body([(resource("billing", "eu-west"), job_spans)]),
              expect=200)
    # metrics: a gauge, a cumulative sum and a histogram whose exemplar points at a trace
    now_ns = time.time_ns()
    ex_trace, ex_span = CHECKOUT_TRACE_IDS[19], hex_id("a0", 20, 16)
    metrics = {"resourceMetrics": [{"resource": resource("checkout", "eu-west"), "scopeMetrics": [{
        "scope": {"name": "upgrade-fixture"}, "metrics": [
            {"name": "checkout.queue.depth", "unit": "1", "description": "orders waiting",
             "gauge": {"dataPoints": [
                 {"timeUnixNano": str(t0), "asDouble": 3.0},
                 {"timeUnixNano": str(now_ns), "asDouble": 7.0}]}},
            {"name": "checkout.orders", "unit": "1", "description": "orders placed",
             "sum": {"aggregationTemporality": 2, "isMonotonic": True, "dataPoints": [
                 {"startTimeUnixNano": str(t0), "timeUnixNano": str(now_ns), "asInt": "20",
                  "attributes": [attr("payment.method", "card")]}]}},
            {"name": "checkout.duration", "unit": "ms", "description": "checkout latency",
             "histogram": {"aggregationTemporality": 2, "dataPoints": [{
                 "startTimeUnixNano": str(t0), "timeUnixNano": str(now_ns), "count": "20",
                 "sum": sum(root_duration_ms(i) for i in range(CHECKOUT_TRACES)),
                 "explicitBounds": [100, 250, 500, 1000],
                 "bucketCounts": ["1", "5", "9", "5", "0"],
                 "exemplars": [{"timeUnixNano": str(t0 + 19_000_000_000),
                                "asDouble": float(root_duration_ms(19)),
                                "traceId": ex_trace, "spanId": ex_span}]}]}}]}]}]}
    otlp.call("POST", "/v1/metrics", k, metrics, expect=200)

    # ---- telemetry (default tenant): one trace as JSON, the docs example as protobuf
    otlp.call("POST", "/v1/traces", default_key, traces_body([(resource("frontend", "ap-south"), [
        span(DEFAULT_TRACE_ID, hex_id("d0", 1, 16), "GET /", 2, t0, 40),
        span(DEFAULT_TRACE_ID, hex_id("d1", 1, 16), "GET /api/cart", 3, t0 + 5_000_000, 25,
             parent=hex_id("d0", 1, 16))])]), expect=200)
    with open(a.example_protobuf, "rb") as f:
        otlp.call("POST", "/v1/traces", default_key, f.read(),
                  content_type="application/x-protobuf", expect=200)

    # ---- wait until everything is visible through the API
    def trace_spans(tid, token):
        st, body = api.call("GET", f"/api/v1/traces/{tid}", token)
        return len(body["spans"]) if st == 200 else 0
    wait_until("checkout traces", lambda: all(trace_spans(t, k) == 3 for t in CHECKOUT_TRACE_IDS))
    wait_until("the batch job trace", lambda: trace_spans(COUNT_TRACE_ID, k) == 5)
    wait_until("the default tenant's traces", lambda: trace_spans(DEFAULT_TRACE_ID, default_key)
               == 2 and trace_spans(EXAMPLE_PROTOBUF_TRACE_ID, default_key) == 1)
    frm, to = t0 - 60 * 1_000_000_000, time.time_ns() + 600 * 1_000_000_000
    wait_until("22 checkout logs", lambda: len(api.call(
        "GET", f"/api/v1/logs?service=checkout&from={frm}&to={to}&limit=1000", k)[1]["logs"]) == 22)
    wait_until("metric names", lambda: {"checkout.queue.depth", "checkout.orders",
                                        "checkout.duration"} <= {
        m["name"] for m in api.call("GET", f"/api/v1/metrics/names?from={frm}&to={to}", k)[1][
            "metrics"]})
    log("telemetry visible; waiting for the page")
    page = wait_until("the page notification", lambda: [
        r for r in Receiver.received if r["body"]["state"] == "firing"], timeout=120)
    if len(page) != 1 or not page[0]["signatureValid"]:
        raise SystemExit(f"unexpected notifications: {Receiver.received}")

    def sql(query, params=None):
        st, body = api.call("POST", "/api/v1/sql", k, {"sql": query, "params": params or {},
                                                       "format": "json"}, expect=200)
        return body["data"]
    # closed sessions of the checkout traces and the batch job written (gap 30 s)
    ids = CHECKOUT_TRACE_IDS + [COUNT_TRACE_ID]
    wait_until("trace summaries", lambda: int(sql(
        "SELECT sum(SpanCount) AS n FROM trace_summaries WHERE TraceId IN {ids:Array(String)}",
        {"ids": "[" + ",".join(f"'{t}'" for t in ids) + "]"})[0]["n"]) == 65, timeout=120, every=1)
    wait_until("SLI counts", lambda: sql(
        "SELECT SloId, sum(Good) AS good, sum(Total) AS total FROM slo_sli_minute"
        " GROUP BY SloId ORDER BY SloId") == [
            {"SloId": "checkout-availability", "good": "14", "total": "20"},
            {"SloId": "checkout-latency", "good": "8", "total": "20"}])
    wait_until("the budget", lambda: api.call(
        "GET", "/api/v1/slos/checkout-availability/budget", k)[1]["events"]["total"] == 20)
    wait_until("RED rollups", lambda: int(sql(
        "SELECT sum(Count) AS n FROM red_minute WHERE ServiceName = 'checkout'"
        " AND Operation = 'POST /checkout'")[0]["n"]) == 20, timeout=120, every=1)
    wait_until("usage", lambda: int(sql(
        "SELECT sum(Spans) AS n FROM usage_hourly FINAL")[0]["n"]) == 65)

    alert = wait_until("the firing alert in /api/v1/alerts", lambda: api.call(
        "GET", f"/api/v1/alerts?state=firing&from={frm}&to={to}", k)[1]["alerts"])

    # ---- last: a trace whose session is still open when the runtime stops (gap 30 s)
    open_root = hex_id("c0", 1, 16)
    otlp.call("POST", "/v1/traces", k, traces_body([(resource("inventory", "us-east"), [
        span(OPEN_TRACE_ID, open_root, "reserve stock", 2, time.time_ns() - 500_000_000, 200),
        span(OPEN_TRACE_ID, hex_id("c1", 1, 16), "SELECT stock", 3, time.time_ns() - 450_000_000,
             50, parent=open_root),
        span(OPEN_TRACE_ID, hex_id("c1", 2, 16), "UPDATE stock", 3, time.time_ns() - 350_000_000,
             50, parent=open_root)])]), expect=200)
    otlp.call("POST", "/v1/logs", k, logs_body([(resource("inventory", "us-east"), [
        log_record(time.time_ns() - 300_000_000, 9, "INFO", "stock reserved", OPEN_TRACE_ID,
                   open_root)])]), expect=200)
    opened = time.time()
    wait_until("the open trace", lambda: trace_spans(OPEN_TRACE_ID, k) == 3 and len(
        api.call("GET", f"/api/v1/traces/{OPEN_TRACE_ID}", k)[1]["logs"]) == 1, every=0.2)
    wait_until("its usage", lambda: int(sql(
        "SELECT sum(Spans) AS n FROM usage_hourly FINAL")[0]["n"]) == 68, every=0.2)
    summarized = sql("SELECT count() AS n FROM trace_summaries WHERE TraceId = {t:String}",
                     {"t": OPEN_TRACE_ID})[0]["n"]
    if summarized != "0" or time.time() - opened > 20:
        raise SystemExit("the open trace's session closed before the stop; run again")

    return {
        "key": key, "query_key": query_key, "revoked": revoked, "analyst": analyst,
        "default_key": default_key, "admin": admin, "silence": silence, "t0": t0,
        "page": page[0], "alert": alert[0],
    }


def stop(proc, m):
    m["stoppedAt"] = datetime.datetime.now(datetime.timezone.utc).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    log("stopping (SIGTERM)")
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(180)
    log(f"runtime exited with {rc}")


# Not state (scratch space and server logs, regenerated or rewritten at every start): left out.
EXCLUDE = {"tmp", "clickhouse/tmp", "clickhouse/logs"}


def pack(a, data, name, m):
    secret_key = open(os.path.join(data, "secret-key")).read().strip()
    os.makedirs(a.out_dir, exist_ok=True)
    archive = os.path.join(a.out_dir, name + ".tar.gz")

    def keep(info):
        parts = info.name.split("/")
        if any("/".join(parts[1:1 + n]) in EXCLUDE for n in (1, 2)):
            return None
        if "LOG.old." in parts[-1]:  # RocksDB's rotated info logs
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info
    with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
        tar.add(data, arcname="data", filter=keep)
    t0_iso = datetime.datetime.fromtimestamp(m["t0"] / 1e9, datetime.timezone.utc).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    manifest = {
        "_comment": "Throwaway test data written by make-fixture.py: every token, key, password"
                    " and secret here belongs to this archive's data directory only and protects"
                    " nothing. Refresh only together with a tested migration (README.md).",
        "writtenBy": {"commit": a.commit, "jar": os.path.basename(a.jar),
                      "script": "make-fixture.py"},
        "archive": name + ".tar.gz",
        "telemetryFrom": t0_iso,
        "stoppedAt": m["stoppedAt"],
        "adminToken": m["admin"],
        "secretKey": secret_key,
        "tenants": {
            "default": {
                "apiKey": m["default_key"], "retentionDays": 3650,
                "traces": {DEFAULT_TRACE_ID: 2, EXAMPLE_PROTOBUF_TRACE_ID: 1},
            },
            TENANT: {
                "name": "Acme Inc", "retentionDays": 3650, "timeZone": "Europe/Berlin",
                "limits": {"itemsPerSecond": 20000, "maxItemsPerRequest": 5000,
                           "maxAttributesPerItem": 64},
                "keys": {
                    "ingestQuery": {"keyId": m["key"]["keyId"], "token": m["key"]["key"]},
                    "queryOnly": {"keyId": m["query_key"]["keyId"],
                                  "token": m["query_key"]["key"]},
                    "revoked": {"keyId": m["revoked"]["keyId"], "token": m["revoked"]["key"]},
                },
                "analyst": {"user": m["analyst"]["user"], "password": m["analyst"]["password"],
                            "version": m["analyst"]["version"]},
                "slos": {
                    "checkout-availability": {"kind": "AVAILABILITY", "objective": 0.99,
                                              "period": "ROLLING_30D", "good": 14, "total": 20},
                    "checkout-latency": {"kind": "LATENCY", "objective": 0.95,
                                         "period": "CALENDAR_MONTH", "thresholdMs": 300,
                                         "good": 8, "total": 20},
                },
                "alertRules": ["checkout-burn", "checkout-slow"],
                "channels": {
                    "ops-hook": {"type": "WEBHOOK", "secret": WEBHOOK_SECRET},
                    "team-slack": {"type": "SLACK", "webhookUrl": SLACK_URL},
                },
                "silences": [m["silence"]["id"]],
                "endpoints": ["api-health"],
                "dashboards": {"checkout-overview": ["spans-by-service", "logs-by-severity"]},
                "statusPage": "acme",
                "firingPage": {
                    "alertFingerprint": m["alert"]["fingerprint"],
                    "ruleId": m["alert"]["ruleId"],
                    "groupFingerprint": m["page"]["body"]["fingerprint"],
                    "deliveryId": m["page"]["deliveryId"],
                    "sequence": m["page"]["body"]["sequence"],
                    "startsAt": m["page"]["body"].get("startsAt"),
                },
                "telemetry": {
                    "checkoutTraces": CHECKOUT_TRACE_IDS,
                    "checkoutErrorTraces": [CHECKOUT_TRACE_IDS[i] for i in sorted(ERROR_TRACES)],
                    "spansPerCheckoutTrace": 3,
                    "spansByService": {"checkout": 40, "payments": 20, "billing": 5,
                                       "inventory": 3},
                    "errorsByService": {"checkout": 12, "payments": 6},
                    "logsByService": {"checkout": 22, "inventory": 1},
                    "logsBySeverity": {"ERROR": 6, "INFO": 16, "WARN": 1},
                    "closedCountTrace": {"traceId": COUNT_TRACE_ID,
                                         "rootSpanId": hex_id("b0", 1, 16), "spans": 5},
                    "openSessionTrace": {"traceId": OPEN_TRACE_ID,
                                         "rootSpanId": hex_id("c0", 1, 16), "spans": 3, "logs": 1,
                                         "summaryWrittenBeforeStop": False},
                    "redCheckoutRequests": {"eu-west": 10, "us-east": 10},
                    "usage": {"spans": 68, "logRecords": 23, "metricPoints": 4},
                    "metrics": {"checkout.queue.depth": {"table": "otel_metrics_gauge", "points": 2},
                                "checkout.orders": {"table": "otel_metrics_sum", "points": 1},
                                "checkout.duration": {"table": "otel_metrics_histogram",
                                                      "points": 1,
                                                      "exemplarTraceId": CHECKOUT_TRACE_IDS[19]}},
                },
            },
        },
    }
    with open(os.path.join(a.out_dir, name + ".json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    log(f"wrote {archive} ({os.path.getsize(archive)} bytes) and {name}.json")


if __name__ == "__main__":
    sys.exit(main())
