// The one launch of Debian's chromium for the browser tests (BrowserScripts): headless, in a fresh
// profile under the output directory, nothing fetched in the background.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

/** A persistent context on a new profile; close() closes it and removes the profile. */
async function launch(outDir, viewport) {
  const profile = fs.mkdtempSync(path.join(outDir, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

module.exports = { launch };
