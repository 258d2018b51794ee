// Serves the built UI (web-ui/target/classes/webui) with the query service's single-page fallback,
// and fixed API answers (fixtures.mjs): a stand-in for the API while sessions (issue #11) land.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import * as fx from './fixtures.mjs';

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };

export function startServer(root, { traceSpans = 10_000, logRows = 100_000 } = {}) {
  const cache = new Map();
  const cached = (key, make) => {
    if (!cache.has(key)) cache.set(key, JSON.stringify(make()));
    return cache.get(key);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const p = url.pathname;
    const json = (body, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
    };
    if (p.startsWith('/api/')) {
      if (p === '/api/v1/me') return json(JSON.stringify(fx.ME));
      if (p === '/api/v1/services') return json(cached('services', fx.services));
      if (p.startsWith('/api/v1/services/')) {
        const name = decodeURIComponent(p.slice('/api/v1/services/'.length));
        return json(cached('service:' + name, () => fx.service(name)));
      }
      if (p === '/api/v1/traces') return json(cached('traces', fx.traceSearch));
      if (p.startsWith('/api/v1/traces/')) {
        const id = p.slice('/api/v1/traces/'.length);
        const n = id === 'big' ? traceSpans : 40;
        return json(cached('trace:' + id, () => fx.trace(id, n)));
      }
      if (p === '/api/v1/metrics/names') return json(cached('names', fx.metricNames));
      if (p === '/api/v1/metrics/query') {
        // a range of a day or more (the dashboard bench): 120 points over 24 h
        const name = url.searchParams.get('name');
        const day = Date.parse(url.searchParams.get('to')) - Date.parse(url.searchParams.get('from')) >= 86_000_000;
        return json(day ? cached('mq24:' + name, () => fx.metricQuery24h(name)) : cached('mq', () => fx.metricQuery(name)));
      }
      if (p === '/api/v1/dashboards/bench') return json(cached('dash12', fx.dashboard12));
      const run = /^\/api\/v1\/dashboards\/bench\/panels\/([^/]+)\/run$/.exec(p);
      if (run) return json(cached('run:' + run[1], () => fx.panelRun(run[1])));
      if (/^\/api\/v1\/endpoints\/[^/]+\/outages$/.test(p)) return json(cached('outages', fx.outages));
      if (p === '/api/v1/correlate') return json(cached('corr', () => fx.correlate(url.searchParams.get('metric'))));
      if (p === '/api/v1/timeline') return json(cached('timeline', fx.timeline));
      if (p === '/api/v1/logs/histogram') return json(cached('hist', fx.logHistogram));
      if (p === '/api/v1/logs') {
        const n = url.searchParams.get('q') === 'many' ? logRows : 500;
        return json(cached('logs:' + n, () => fx.logs(n)));
      }
      return json(JSON.stringify({ error: 'not_found', message: `no route for GET ${p}` }), 404);
    }
    const file = normalize(join(root, p === '/' ? 'index.html' : p));
    if (file.startsWith(root) && extname(file)) {
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        res.writeHead(404);
        return res.end();
      }
    }
    res.writeHead(200, { 'Content-Type': TYPES['.html'] });
    res.end(await readFile(join(root, 'index.html')));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
