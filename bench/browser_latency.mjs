#!/usr/bin/env node
// Save-to-reload latency of `esite serve` as an editor sees it: in real headless Chromium, the
// time from writing a Markdown file to the first paint of the reloaded page that shows the new
// text (the page reloads by itself). Prints the median and range over N edits; the file is
// restored afterwards.
//
//   node bench/browser_latency.mjs --esite target/release/esite --site . \
//       --file content/services/perhetyo/fi.md --page fi/palvelut/perhetyo/ [--edits 10]
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
const times = [];
const waited = [];
try {
  const page = browser.pages()[0] || await browser.newPage();
  await page.goto(url + args.page);
  for (let i = 0; i < edits; i++) {
    const marker = `Mittausmerkki ${i} ${Date.now()}`;
    // Let the previous reload settle, as an editor types between saves.
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    fs.writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`);
    const saved = Date.now();
    await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker, { timeout: 60_000, polling: 'raf' });
    waited.push(performance.now() - started);
    // The browser's own clock: when the reloaded page was first painted. Playwright's waiting
    // adds its own delay after a navigation, which the editor does not see.
    const paint = await page.evaluate(() => new Promise((resolve) => {
      const find = () => performance.getEntriesByName('first-contentful-paint')[0];
      const done = () => resolve({ origin: performance.timeOrigin, at: find().startTime });
      if (find()) { done(); return; }
      new PerformanceObserver(() => { if (find()) done(); }).observe({ type: 'paint', buffered: true });
    }));
    times.push(paint.origin + paint.at - saved);
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
console.log(`save to first paint of the new page in Chromium on ${args.site}: ${summary(times)} over ${times.length} edits`);
console.log(`(as Playwright sees it, with its own wait after a navigation: ${summary(waited)})`);
