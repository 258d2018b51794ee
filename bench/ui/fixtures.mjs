// Deterministic API answers for the UI bench and screenshots: the shapes of the query API.
const NOW_MS = Date.now();
const ns = (ms) => String(BigInt(Math.round(ms)) * 1_000_000n);

function figures(seed, count) {
  const rate = count / 3600;
  const errorRate = (seed % 7) / 100;
  return {
    count,
    requestRate: rate,
    errorRate,
    p50Ms: 20 + seed * 3,
    p95Ms: 120 + seed * 25,
    p99Ms: 400 + seed * 60,
  };
}

function series(seed, points = 30) {
  return Array.from({ length: points }, (_, i) => {
    const wave = 1 + 0.5 * Math.sin((i + seed) / 3) + (i === 20 + (seed % 5) ? 2 : 0);
    return {
      timeUnixNano: ns(NOW_MS - 3_600_000 + i * 120_000),
      count: Math.round(100 * wave),
      requestRate: (100 * wave) / 120,
      errorRate: ((seed + i) % 9) / 200,
      p50Ms: 20 + seed * 3 * wave,
      p95Ms: 120 + seed * 25 * wave,
      p99Ms: 400 + seed * 60 * wave,
    };
  });
}

const NAMES = ['cart', 'checkout', 'frontend', 'inventory', 'payments', 'search', 'shipping'];
const REGIONS = ['ap-south', 'eu-west', 'us-east'];

function group(name, seed, count) {
  return { name, ...figures(seed, count), series: series(seed) };
}

export function services() {
  return {
    from: ns(NOW_MS - 3_600_000),
    to: ns(NOW_MS),
    stepNanos: '120000000000',
    errorBoundPercent: 18.92,
    services: NAMES.map((name, i) => ({
      ...group(name, i + 1, 5000 + i * 1700),
      regions: REGIONS.slice(0, 1 + (i % 3)).map((r, j) => group(r, i + j, 1000 + j * 400)),
      links: {},
    })),
  };
}

export function service(name) {
  const seed = Math.max(1, NAMES.indexOf(name) + 1);
  return {
    ...group(name, seed, 9000),
    from: ns(NOW_MS - 3_600_000),
    to: ns(NOW_MS),
    stepNanos: '120000000000',
    errorBoundPercent: 18.92,
    regions: REGIONS.map((r, j) => group(r, seed + j * 2, 3000 + j * 500)),
    operations: ['GET /cart', 'POST /checkout', 'GET /items/{id}'].map((o, j) =>
      group(o, seed + j, 2000 + j * 900),
    ),
    endpoints: [
      { id: `${name}-health`, name: `${name} health`, url: `https://${name}.example.com/health`, regions: REGIONS },
    ],
    alerts: [
      {
        fingerprint: 'fp1',
        ruleId: 'r1',
        name: `${name} error rate`,
        source: 'THRESHOLD',
        severity: 'PAGE',
        state: 'FIRING',
        service: name,
        summary: 'error rate 4.2% over 1%',
        value: 0.042,
        threshold: 0.01,
        startsAt: new Date(NOW_MS - 900_000).toISOString(),
        endsAt: null,
        links: {},
      },
    ],
    links: {},
  };
}

/** A trace of `n` spans: a root, a few services calling each other, some errors. */
export function trace(traceId, n) {
  const spans = [];
  const t0 = NOW_MS - 60_000;
  const total = 2000;
  spans.push(span(traceId, 0, '', 'frontend', 'GET /checkout', t0, total, false));
  for (let i = 1; i < n; i++) {
    const parent = i < 8 ? 0 : 1 + ((i * 7) % Math.min(i - 1, 400));
    const p = spans[parent];
    const pStart = Number(BigInt(p.startTimeUnixNano) / 1_000_000n);
    const pDur = Number(p.durationNanos) / 1e6;
    const start = pStart + ((i * 37) % 100) / 100 * pDur * 0.6;
    const dur = Math.max(0.05, pDur * (0.1 + ((i * 13) % 30) / 100));
    const svc = NAMES[i % NAMES.length];
    spans.push(span(traceId, i, p.spanId, svc, `${svc} op ${i % 23}`, start, dur, i % 97 === 0));
  }
  const children = new Map();
  spans.forEach((s) => s.parentSpanId && children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s.spanId]));
  spans.forEach((s) => (s.childSpanIds = children.get(s.spanId) ?? []));
  return {
    traceId,
    rootSpanIds: [spans[0].spanId],
    spans,
    logs: [
      { timeUnixNano: ns(t0 + 500), severityText: 'ERROR', severityNumber: 17, body: 'payment declined: card expired', spanId: spans[Math.min(97, n - 1)].spanId, attributes: {} },
      { timeUnixNano: ns(t0 + 20), severityText: 'INFO', severityNumber: 9, body: 'checkout started', spanId: spans[0].spanId, attributes: {} },
    ],
    metricPoints: [
      { metricName: 'http.server.duration', serviceName: 'frontend', attributes: {}, timeUnixNano: ns(t0 + total), value: total, spanId: spans[0].spanId, link: '' },
    ],
    summary: {
      traceId,
      rootService: 'frontend',
      rootOperation: 'GET /checkout',
      startTimeUnixNano: ns(t0),
      durationNanos: ns(total),
      spanCount: n,
      errorCount: spans.filter((s) => s.status.code === 'Error').length,
      services: NAMES,
      regions: ['eu-west'],
      links: {},
    },
    links: {},
  };
}

function span(traceId, i, parent, svc, name, startMs, durMs, error) {
  return {
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: parent,
    childSpanIds: [],
    name,
    serviceName: svc,
    startTimeUnixNano: ns(startMs),
    durationNanos: String(Math.round(durMs * 1e6)),
    status: error ? { code: 'Error', message: 'upstream timeout' } : { code: 'Unset', message: '' },
    attributes: { 'http.route': name, 'net.peer.name': `${svc}.internal`, 'obsera.region': 'eu-west' },
  };
}

export function traceSearch() {
  return {
    traces: Array.from({ length: 60 }, (_, i) => ({
      traceId: (0xabc000 + i).toString(16).padStart(32, '0'),
      rootService: NAMES[i % NAMES.length],
      rootOperation: ['GET /cart', 'POST /checkout', 'GET /items/{id}'][i % 3],
      startTimeUnixNano: ns(NOW_MS - i * 45_000),
      durationNanos: String((20 + ((i * 37) % 900)) * 1_000_000),
      spanCount: 3 + (i % 40),
      errorCount: i % 6 === 0 ? 1 : 0,
      services: NAMES.slice(0, 1 + (i % 4)),
      regions: [REGIONS[i % 3]],
      links: {},
    })),
    nextCursor: null,
  };
}

const SEV = [
  ['INFO', 9],
  ['INFO', 9],
  ['DEBUG', 5],
  ['WARN', 13],
  ['INFO', 9],
  ['ERROR', 17],
];

export function logs(n) {
  return {
    logs: Array.from({ length: n }, (_, i) => {
      const [text, num] = SEV[i % SEV.length];
      return {
        timeUnixNano: ns(NOW_MS - i * 30),
        severityText: text,
        severityNumber: num,
        serviceName: NAMES[i % NAMES.length],
        body: `${text === 'ERROR' ? 'payment timeout after 3 retries' : 'request handled'} #${i} path=/items/${i % 500}`,
        traceId: i % 3 === 0 ? (0xabc000 + (i % 60)).toString(16).padStart(32, '0') : '',
        spanId: i % 3 === 0 ? '0000000000000001' : '',
        attributes: { 'http.method': 'GET', 'order.id': String(1000 + i) },
        links: {},
      };
    }),
    nextCursor: null,
  };
}

export function logHistogram() {
  return {
    from: ns(NOW_MS - 3_600_000),
    to: ns(NOW_MS),
    stepNanos: '60000000000',
    buckets: Array.from({ length: 60 }, (_, i) => ({
      timeUnixNano: ns(NOW_MS - 3_600_000 + i * 60_000),
      count: 800 + Math.round(300 * Math.sin(i / 5)) + (i === 42 ? 900 : 0),
      errors: 20 + (i === 42 ? 400 : (i * 7) % 30),
    })),
  };
}

export const ME = {
  user: { email: 'ada@example.com', name: 'Ada Lovelace' },
  tenant: { id: 'acme', name: 'Acme' },
  role: 'editor',
  tenants: [
    { id: 'acme', name: 'Acme', role: 'editor' },
    { id: 'globex', name: 'Globex', role: 'viewer' },
  ],
  csrfToken: 'bench-csrf',
};

export function metricNames() {
  return {
    metrics: [
      { name: 'http.server.duration', type: 'HISTOGRAM', unit: 'ms', description: 'Duration of inbound HTTP requests', services: ['checkout', 'frontend'], points: 12000, attributes: [{ key: 'http.route', topValues: ['/cart', '/checkout', '/items/{id}'] }, { key: 'http.method', topValues: ['GET', 'POST'] }], link: '' },
      { name: 'orders.placed', type: 'SUM', unit: '1', description: 'Orders placed', services: ['checkout'], points: 3600, attributes: [{ key: 'order.kind', topValues: ['gift', 'standard'] }], link: '' },
      { name: 'queue.depth', type: 'GAUGE', unit: '1', description: 'Messages waiting', services: ['shipping'], points: 720, attributes: [], link: '' },
    ],
  };
}

export function metricQuery(name) {
  const routes = ['/cart', '/checkout'];
  return {
    name,
    type: 'HISTOGRAM',
    agg: 'p95',
    stepNanos: '18000000000',
    series: routes.map((route, k) => ({
      labels: { 'http.route': route },
      points: Array.from({ length: 200 }, (_, i) => ({
        timeUnixNano: ns(NOW_MS - 3_600_000 + i * 18_000),
        value: 80 + k * 40 + 30 * Math.sin(i / 9) + (i > 140 && i < 150 ? 600 : 0),
      })),
    })),
  };
}

export function correlate(metric) {
  const t = traceSearch().traces;
  return {
    metric,
    services: ['checkout'],
    from: ns(NOW_MS - 900_000),
    to: ns(NOW_MS - 700_000),
    traces: [
      { traceId: t[0].traceId, serviceName: 'checkout', timeUnixNano: t[0].startTimeUnixNano, reason: `exemplar of ${metric} (value 702.4)`, reasons: [`exemplar of ${metric} (value 702.4)`], links: {} },
      { traceId: t[1].traceId, serviceName: 'checkout', timeUnixNano: t[1].startTimeUnixNano, reason: 'slowest trace of checkout in the window (1.9 s)', reasons: ['slowest trace of checkout in the window (1.9 s)', 'erroring trace of checkout in the window'], links: {} },
    ],
    logs: logs(3).logs.map((log) => ({ reason: log.severityNumber >= 17 ? 'error log of checkout' : 'log of checkout', log })),
    links: {},
  };
}

export function timeline() {
  const kinds = ['span', 'log', 'span', 'metric', 'log', 'span'];
  const items = Array.from({ length: 300 }, (_, i) => ({
    type: kinds[i % kinds.length],
    timeUnixNano: ns(NOW_MS - 3_600_000 + i * 12_000),
    serviceName: 'checkout',
    traceId: (0xabc000 + (i % 60)).toString(16).padStart(32, '0'),
    spanId: '',
    name: kinds[i % kinds.length] === 'log' ? 'payment timeout' : 'POST /checkout',
    detail: kinds[i % kinds.length] === 'span' ? String(20_000_000 + i * 100_000) : '',
    extra: i % 17 === 0 ? 'Error' : '',
    links: {},
  }));
  items.splice(150, 0, { type: 'alert', timeUnixNano: ns(NOW_MS - 1_800_000), serviceName: 'checkout', traceId: '', spanId: '', name: 'PAGE checkout error rate', detail: 'error rate 4.2% over 1%', extra: 'FIRING', links: {} });
  items.splice(100, 0, { type: 'outage', timeUnixNano: ns(NOW_MS - 2_400_000), serviceName: 'checkout', traceId: '', spanId: '', name: 'DOWN checkout health', detail: 'connection refused', extra: 'OPEN', links: {} });
  return { items, nextCursor: null };
}

// A dashboard of 12 panels of every kind over 24 h: 6 SQL panels (2 time series of 1,440 minutes,
// a table, a stat, a bar, another time series), 3 metric charts, logs, traces, uptime bars.
const DAY_MS = 86_400_000;

export function dashboard12() {
  const at = (i) => ({ x: (i % 3) * 4, y: Math.floor(i / 3) * 4, w: 4, h: 4 });
  const sql = (id, display, sqlText) => ({ id, title: id, kind: 'sql', display, sql: sqlText, params: { from: 'DateTime64(9)', to: 'DateTime64(9)' } });
  const range = ' WHERE Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}';
  const panels = [
    sql('spans-per-minute', 'timeseries', 'SELECT toStartOfMinute(Timestamp) t, count() FROM otel_traces' + range + ' GROUP BY t'),
    sql('errors-per-minute', 'timeseries', 'SELECT toStartOfMinute(Timestamp) t, countIf(StatusCode = \'Error\') FROM otel_traces' + range + ' GROUP BY t'),
    sql('slowest', 'table', 'SELECT TraceId, Duration FROM otel_traces' + range + ' ORDER BY Duration DESC LIMIT 100'),
    sql('spans', 'stat', 'SELECT count() FROM otel_traces' + range),
    sql('by-service', 'bar', 'SELECT ServiceName, count() FROM otel_traces' + range + ' GROUP BY 1'),
    sql('logs-per-minute', 'timeseries', 'SELECT toStartOfMinute(Timestamp) t, count() FROM otel_logs' + range + ' GROUP BY t'),
    { id: 'latency', title: 'latency', kind: 'metric', metric: { name: 'http.server.duration', agg: 'p95', service: '', groupBy: ['http.route'], filters: [] } },
    { id: 'orders', title: 'orders', kind: 'metric', metric: { name: 'orders.placed', agg: 'rate', service: '', groupBy: [], filters: [] } },
    { id: 'queue', title: 'queue', kind: 'metric', metric: { name: 'queue.depth', agg: 'avg', service: '', groupBy: [], filters: [] } },
    { id: 'recent-logs', title: 'recent logs', kind: 'logs', service: 'checkout' },
    { id: 'recent-traces', title: 'recent traces', kind: 'traces' },
    { id: 'uptime', title: 'uptime', kind: 'uptime', endpointId: 'api-health' },
  ].map((p, i) => ({ ...p, layout: at(i) }));
  return { id: 'bench', title: 'Twelve panels', variables: [{ name: 'range', type: 'timerange' }], panels, updatedAt: new Date(NOW_MS).toISOString(), actor: 'api' };
}

const clickhouseTime = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export function panelRun(panelId) {
  const minutes = 1440;
  const perMinute = (k) => ({
    columns: [{ name: 't', type: 'DateTime' }, { name: 'n', type: 'UInt64' }],
    rows: Array.from({ length: minutes }, (_, i) => [clickhouseTime(NOW_MS - DAY_MS + i * 60_000), String(Math.round(500 * k + 200 * Math.sin(i / 60)))]),
    rowCount: minutes,
  });
  switch (panelId) {
    case 'spans-per-minute': return perMinute(2);
    case 'errors-per-minute': return perMinute(0.1);
    case 'logs-per-minute': return perMinute(1);
    case 'slowest': return {
      columns: [{ name: 'TraceId', type: 'String' }, { name: 'Duration', type: 'UInt64' }],
      rows: Array.from({ length: 100 }, (_, i) => [(0xabc000 + i).toString(16).padStart(32, '0'), String(2_000_000_000 - i * 10_000_000)]),
      rowCount: 100,
    };
    case 'spans': return { columns: [{ name: 'count()', type: 'UInt64' }], rows: [['1440000']], rowCount: 1 };
    default: return {
      columns: [{ name: 'ServiceName', type: 'String' }, { name: 'count()', type: 'UInt64' }],
      rows: NAMES.map((n, i) => [n, String(10_000 * (i + 1))]),
      rowCount: NAMES.length,
    };
  }
}

export function metricQuery24h(name) {
  const step = 720_000; // 120 points over 24 h
  return {
    name,
    type: 'HISTOGRAM',
    agg: 'p95',
    stepNanos: String(step * 1_000_000),
    series: ['/cart', '/checkout'].map((route, k) => ({
      labels: { 'http.route': route },
      points: Array.from({ length: 120 }, (_, i) => ({
        timeUnixNano: ns(NOW_MS - DAY_MS + i * step),
        value: 80 + k * 40 + 30 * Math.sin(i / 9),
      })),
    })),
  };
}

export function outages() {
  return {
    endpointId: 'api-health',
    outages: [
      { outageId: 'o1', kind: 'DOWN', state: 'RESOLVED', start: new Date(NOW_MS - 20 * 3_600_000).toISOString(), end: new Date(NOW_MS - 19.5 * 3_600_000).toISOString(), durationMs: 1_800_000, regions: ['eu-west'], cause: 'connection refused' },
    ],
    links: {},
  };
}
