// Sends one span, one log record in that span's context, and a counter plus a histogram to an
// OTLP/HTTP endpoint with the OpenTelemetry JS SDK's JSON exporters (they always send
// application/json). Exits 0 only when every export succeeded.
//
//   node client.mjs <endpoint> <api key>     e.g. node client.mjs http://127.0.0.1:4318 obs_...
//   (or OBSERA_ENDPOINT / OBSERA_API_KEY)
//
// Prints one JSON line: {"traceId": "...", "spanId": "...", "exports": {...}}.
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const endpoint = (process.argv[2] ?? process.env.OBSERA_ENDPOINT ?? '').replace(/\/+$/, '');
const apiKey = process.argv[3] ?? process.env.OBSERA_API_KEY ?? '';
if (!endpoint || !apiKey) {
  console.error('usage: node client.mjs <endpoint> <api key> (or OBSERA_ENDPOINT, OBSERA_API_KEY)');
  process.exit(2);
}
const headers = { Authorization: `Bearer ${apiKey}` };
const resource = resourceFromAttributes({ 'service.name': 'js-checkout' });

/** Counts export results per signal; the SDK only reports failures to its diag logger. */
const exports = { traces: { ok: 0, failed: 0 }, logs: { ok: 0, failed: 0 }, metrics: { ok: 0, failed: 0 } };
function counted(signal, exporter) {
  const original = exporter.export.bind(exporter);
  exporter.export = (items, done) =>
    original(items, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        exports[signal].ok++;
      } else {
        exports[signal].failed++;
        console.error(`${signal} export failed: ${result.error?.message ?? result.code}`);
      }
      done(result);
    });
  return exporter;
}

const spanExporter = counted('traces', new OTLPTraceExporter({ url: `${endpoint}/v1/traces`, headers }));
const logExporter = counted('logs', new OTLPLogExporter({ url: `${endpoint}/v1/logs`, headers }));
const metricExporter = counted('metrics', new OTLPMetricExporter({ url: `${endpoint}/v1/metrics`, headers }));

const tracerProvider = new BasicTracerProvider({
  resource,
  spanProcessors: [new SimpleSpanProcessor(spanExporter)],
});
const loggerProvider = new LoggerProvider({
  resource,
  processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
});
const meterProvider = new MeterProvider({
  resource,
  readers: [
    new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 600_000 }),
  ],
});

const tracer = tracerProvider.getTracer('obsera-js-client', '1.0.0');
const logger = loggerProvider.getLogger('obsera-js-client', '1.0.0');
const meter = meterProvider.getMeter('obsera-js-client', '1.0.0');

const span = tracer.startSpan('GET /basket', {
  kind: SpanKind.SERVER,
  attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, retry: false },
});
span.addEvent('basket loaded', { items: 3 });
span.setStatus({ code: SpanStatusCode.OK });
logger.emit({
  severityNumber: SeverityNumber.WARN,
  severityText: 'WARN',
  body: 'basket almost full',
  attributes: { items: 3 },
  context: trace.setSpan(context.active(), span),
});
meter.createCounter('js.orders').add(2, { region: 'eu-west' });
meter.createHistogram('js.latency', { unit: 'ms' }).record(42.5);
span.end();

let failed = false;
for (const [name, flush] of [
  ['traces', () => tracerProvider.forceFlush()],
  ['logs', () => loggerProvider.forceFlush()],
  ['metrics', () => meterProvider.forceFlush()],
]) {
  try {
    await flush();
  } catch (e) {
    failed = true;
    console.error(`${name} flush failed: ${e?.message ?? e}`);
  }
}
await Promise.allSettled([
  tracerProvider.shutdown(),
  loggerProvider.shutdown(),
  meterProvider.shutdown(),
]);

const { traceId, spanId } = span.spanContext();
console.log(JSON.stringify({ traceId, spanId, exports }));
for (const [signal, counts] of Object.entries(exports)) {
  if (counts.ok === 0 || counts.failed > 0) {
    console.error(`${signal}: ${counts.ok} exports succeeded, ${counts.failed} failed`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
