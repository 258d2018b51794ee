/** What a person sends data from; each with its snippet and environment variables. */
export const PLATFORMS = [
  { id: 'node', label: 'Node.js / Express backend' },
  { id: 'browser', label: 'Browser' },
  { id: 'java', label: 'Java (OpenTelemetry Java agent)' },
  { id: 'otel', label: 'Any OTel SDK / Collector' },
] as const;

export type Platform = (typeof PLATFORMS)[number]['id'];

/**
 * The OTLP/HTTP endpoint: the operator's public ingest address when set (`otlpUrl` of /me, from
 * OBSERA_PUBLIC_OTLP_URL), else the ingest port (4318) on the host this page came from.
 */
export function otlpEndpoint(
  location: { protocol: string; hostname: string },
  configured?: string | null,
): string {
  return configured || `${location.protocol}//${location.hostname}:4318`;
}

/** Whether a platform sends with a browser key (bound to origins) or an ingest key. */
export function keyKind(platform: Platform): 'browser' | 'ingest' {
  return platform === 'browser' ? 'browser' : 'ingest';
}

/** `key`: the key just created, else a placeholder naming the kind of key. */
export function envVars(endpoint: string, service: string, key?: string): string {
  return [
    `export OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`,
    'export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
    `export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20${key ?? '<your ingest key>'}"`,
    `export OTEL_SERVICE_NAME=${service}`,
  ].join('\n');
}

export function snippet(
  platform: Platform,
  endpoint: string,
  service: string,
  origin: string,
  key?: string,
): string {
  switch (platform) {
    case 'node':
      return [
        'npm install @opentelemetry/sdk-node @opentelemetry/auto-instrumentations-node',
        '# with the variables above set:',
        'node --require @opentelemetry/auto-instrumentations-node/register app.js',
      ].join('\n');
    case 'java':
      return [
        '# opentelemetry-javaagent.jar from the OpenTelemetry Java instrumentation releases',
        'java -javaagent:opentelemetry-javaagent.jar -jar app.jar',
      ].join('\n');
    case 'browser':
      return [
        "import { WebTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-web';",
        "import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';",
        "import { resourceFromAttributes } from '@opentelemetry/resources';",
        '',
        '// a browser key only ingests, and only from ' + (origin || 'the origin it is bound to'),
        'const exporter = new OTLPTraceExporter({',
        `  url: '${endpoint}/v1/traces',`,
        `  headers: { Authorization: 'Bearer ${key ?? '<your browser key>'}' },`,
        '});',
        'const provider = new WebTracerProvider({',
        `  resource: resourceFromAttributes({ 'service.name': '${service}' }),`,
        '  spanProcessors: [new BatchSpanProcessor(exporter)],',
        '});',
        'provider.register();',
      ].join('\n');
    case 'otel':
      return [
        '# OpenTelemetry Collector: an otlphttp exporter',
        'exporters:',
        '  otlphttp/obsera:',
        `    endpoint: ${endpoint}`,
        '    headers:',
        `      Authorization: Bearer ${key ?? '<your ingest key>'}`,
      ].join('\n');
  }
}
