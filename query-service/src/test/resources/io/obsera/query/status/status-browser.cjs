// Drives Debian's chromium with playwright-core: opens the public status page, then a page of
// another origin that embeds the badge, the widget script and the iframe. Prints one JSON line
// with what it saw and every URL the browser requested. Usage:
//   node status-browser.cjs <status page url> <host page url> <output dir>
const path = require('path');
const { launch } = require('./chromium.cjs');

const [pageUrl, hostUrl, outDir] = process.argv.slice(2);

(async () => {
  const browser = await launch(outDir, { width: 1000, height: 1200 });
  const { context } = browser;
  const requests = [];
  const consoleErrors = [];
  const failed = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', (r) => { if (r.status() >= 400) { failed.push(r.status() + ' ' + r.url()); } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(pageUrl, { waitUntil: 'networkidle' });
  const overall = (await page.textContent('#overall')).trim();
  const components = await page.$$eval('.component', (els) => els.map((e) => ({
    id: e.dataset.id, status: e.dataset.status, bars: e.querySelectorAll('.bar').length,
    text: e.innerText })));
  const active = await page.$$eval('#active tr.outage', (els) => els.map((e) => e.innerText));
  const regions = await page.$$eval('#latency tr.latency', (els) => els.map((e) => e.dataset.region));
  await page.screenshot({ path: path.join(outDir, 'status-page.png'), fullPage: true });

  const host = await context.newPage();
  host.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await host.goto(hostUrl, { waitUntil: 'networkidle' });
  await host.waitForSelector('.obsera-status-widget[data-loaded="true"]', { timeout: 20000 });
  const widget = await host.$$eval('.obsera-status-widget .obsera-status',
    (els) => els.map((e) => e.dataset.status));
  const badge = await host.$eval('#badge', (img) => ({ complete: img.complete,
    width: img.naturalWidth }));
  const frame = host.frames().find((f) => f.url().endsWith('/embed'));
  const embed = frame ? {
    overall: (await frame.textContent('#overall')).trim(),
    components: await frame.$$eval('.component', (els) => els.length),
  } : null;
  await host.screenshot({ path: path.join(outDir, 'status-embedded.png'), fullPage: true });
  await browser.close();
  console.log(JSON.stringify({ overall, components, active, regions, widget, badge, embed,
    requests, failed, consoleErrors }));
})().catch((e) => { console.error(e); process.exit(1); });
