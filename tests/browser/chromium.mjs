// Chromium for the browser checks (check-site.mjs, serve-check.mjs): the flags known to work on
// these machines (../shared/BROWSER-TESTING.md), a fresh profile per run, and one error type for
// problems with the harness itself rather than with the site.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const NODE_MODULES = path.join(HERE, 'node_modules');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SETUP_HINT = 'run scripts/setup-test-deps.sh';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Belt and braces for "loopback only": no DNS prefetch, and every host name but 127.0.0.1 fails to resolve.
  '--dns-prefetch-disable',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** A problem with the harness or its set-up, not a finding about the site. */
export class HarnessError extends Error {}

/**
 * Starts headless Chromium with a fresh profile. `needs` are further files the caller reads
 * (axe-core); `flags` are added to the common ones; `javaScriptEnabled: false` shows the pages
 * as a reader without JavaScript sees them. Returns the context and a `close` that also removes
 * the profile.
 */
export async function launchBrowser({ viewport, flags = [], needs = [], javaScriptEnabled = true }) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new HarnessError(`Chromium not found at ${CHROMIUM}: ${SETUP_HINT} (apt-get install chromium)`);
  }
  const missing = [path.join(NODE_MODULES, 'playwright-core'), ...needs].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new HarnessError(`${missing.join(', ')} missing: ${SETUP_HINT}`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new HarnessError(`cannot load playwright-core (${e.message}): ${SETUP_HINT}`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esite-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...flags],
      viewport,
      javaScriptEnabled,
      timeout: 60_000,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw new HarnessError(`could not start Chromium (${CHROMIUM}): ${e.message}`);
  }
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
