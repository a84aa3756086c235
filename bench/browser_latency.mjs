#!/usr/bin/env node
// Save-to-paint latency of `esite serve` as an editor sees it: in real headless Chromium, the
// time from writing a Markdown file to the frame that first shows the new text. The open page
// either swaps the new page in place (no navigation) or reloads in full; both are timed the same
// way: a MutationObserver in the page notices the new text, and the next animation frame (the
// one that paints it) records the time. Prints which path each edit took, and the median and
// range over N edits; the file is restored afterwards.
//
//   node bench/browser_latency.mjs --esite target/release/esite --site . \
//       --file content/services/perhetyo/fi.md --page fi/palvelut/perhetyo/ [--edits 10] [--gap 300]
//
// --gap is the pause in ms before each save. The default, 300 ms, is an editor saving while
// typing: on a large site the previous rebuild is then still making the rest of the site, and
// the save stops it. A gap longer than the whole rebuild times each save alone.
//
// Needs the browser test's packages (tests/browser/node_modules: scripts/setup-test-deps.sh
// installs them) and Chromium (/usr/bin/chromium or CHROMIUM_PATH). Only 127.0.0.1 is used.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(HERE, '../tests/browser/node_modules/'));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
for (const need of ['esite', 'site', 'file', 'page']) {
  if (!args[need]) { console.error(`missing --${need}`); process.exit(2); }
}
const edits = Number(args.edits || 10);
const gap = Number(args.gap || 300);
const file = path.join(args.site, args.file);
const original = fs.readFileSync(file, 'utf8');

const server = spawn(args.esite, ['serve', '--site', args.site, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise((resolve, reject) => {
  let seen = '';
  const timer = setTimeout(() => reject(new Error('esite serve did not start')), 300_000);
  server.stdout.on('data', (d) => {
    seen += d;
    const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) { clearTimeout(timer); resolve(m[0]); }
  });
});

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'esite-latency-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
// In every document the tab loads: when the text the bench waits for (kept in sessionStorage,
// which outlives a reload) first is in the DOM, the time of the next animation frame.
const WATCH = () => {
  const look = () => {
    const marker = sessionStorage.getItem('esite-bench-marker');
    if (!marker || window.__esiteSeen || !document.body || !document.body.textContent.includes(marker)) return;
    window.__esiteSeen = 'pending';
    requestAnimationFrame(() => { window.__esiteSeen = performance.timeOrigin + performance.now(); });
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
};
const times = { swap: [], reload: [] };
const fcp = [];
const waited = [];
try {
  const page = browser.pages()[0] || await browser.newPage();
  await page.addInitScript(WATCH);
  await page.goto(url + args.page);
  for (let i = 0; i < edits; i++) {
    const marker = `Mittausmerkki ${i} ${Date.now()}`;
    // Let the previous reload settle, as an editor types between saves.
    await new Promise((r) => setTimeout(r, gap));
    // A document that is still there after the edit was swapped, not reloaded.
    await page.evaluate(([m, n]) => { sessionStorage.setItem('esite-bench-marker', m); window.__esiteSeen = null; window.__esiteEdit = n; }, [marker, i]);
    const started = performance.now();
    fs.writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`);
    const saved = performance.timeOrigin + performance.now();
    // Polled every 20 ms, not every frame: a check in each frame (innerText lays the page out)
    // would slow down the very frames being timed.
    await page.waitForFunction(() => typeof window.__esiteSeen === 'number', null, { timeout: 60_000, polling: 20 });
    waited.push(performance.now() - started);
    // The browser's own clock: Playwright's waiting adds its own delay, which the editor does not see.
    const seen = await page.evaluate((n) => ({
      at: window.__esiteSeen,
      swapped: window.__esiteEdit === n,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      origin: performance.timeOrigin,
    }), i);
    times[seen.swapped ? 'swap' : 'reload'].push(seen.at - saved);
    console.log(`edit ${i + 1}: ${seen.swapped ? 'swapped in place' : 'full reload'}, ${(seen.at - saved).toFixed(0)} ms`);
    if (!seen.swapped && seen.fcp !== null) fcp.push(seen.origin + seen.fcp - saved);
  }
} finally {
  fs.writeFileSync(file, original);
  await browser.close();
  server.kill('SIGINT');
  fs.rmSync(profile, { recursive: true, force: true });
}
const summary = (list) => {
  list.sort((a, b) => a - b);
  return `median ${list[Math.floor(list.length / 2)].toFixed(0)} ms, min ${list[0].toFixed(0)} ms, max ${list[list.length - 1].toFixed(0)} ms`;
};
for (const [path, list] of Object.entries(times)) {
  if (list.length) console.log(`save to the frame showing the new text, ${path === 'swap' ? 'swapped in place' : 'full reload'}, in Chromium on ${args.site}: ${summary(list)} over ${list.length} edits`);
}
if (fcp.length) console.log(`(full reload, save to first-contentful-paint of the new page: ${summary(fcp)})`);
console.log(`(as Playwright sees it, polling every 20 ms: ${summary(waited)})`);
