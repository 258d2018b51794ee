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
        return json(cached('mq', () => fx.metricQuery(url.searchParams.get('name'))));
      }
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
