#!/usr/bin/env node
// Checks the live preview of `esite serve` in a real browser: edits files of a running preview's
// site on disk and watches open tabs react, without the test ever navigating them.
//
//   node tests/browser/serve-check.mjs --url http://127.0.0.1:PORT/ --site DIR [--json-out FILE]
//        [--wait-ms 5000] [--verbose]
//
// DIR is the site folder the server was started with (`esite serve --site DIR --port 0`); it must
// be a throw-away copy of tests/fixtures/basic with themes/default/static/style.css present from
// the start (the files are modified; fi.md is restored at the end, style.css is not).
//
// Opens URL + fi/palvelut/perhetyo/ and URL + en/services/family-work/ in two tabs, then:
//   a. replaces a sentence of content/services/perhetyo/fi.md: the Finnish tab must show it
//      within --wait-ms, swapped in place (a window marker survives, no framenavigated, no second
//      event stream), with the focused link still focused; the English tab, whose page did not
//      change, must not reload (e);
//   f. the swapped Finnish tab's document equals a fresh load of the same address (the reload
//      script's element excepted);
//   b. scrolls the Finnish tab down and focuses <main>, edits again: after the swap it must be
//      scrolled where it was (within 2 px), with <main> still focused;
//   c. breaks the front matter: the tab must show #esite-overlay (role alertdialog) with
//      `content/services/perhetyo/fi.md:2:` and `error:`, focus inside it, Escape closes it; the
//      server must keep serving the last good page; breaking it again shows the overlay again,
//      restoring the file removes the overlay and swaps the original text back in place;
//   s. opens the search page (it has a script of its own) and changes the service's summary: that
//      tab must reload in full (a navigation) and show the new summary, and its search must work;
//   d. appends `body{background:rgb(1, 2, 3)}` to themes/default/static/style.css: both tabs must
//      get the new background without a navigation (a window marker survives, no framenavigated).
// The latencies (save on disk -> change visible in the tab) are printed.
//
// Exit code: 0 all checks passed, 1 a check failed (report on stdout), 2 the harness could not
// run (Chromium or playwright-core missing, server unreachable, bad arguments, ...). The last line
// printed is `esite-serve-summary {json}`.
//
// Chromium: /usr/bin/chromium (override with CHROMIUM_PATH), launched like check-site.mjs. Only
// loopback is reachable: host names other than 127.0.0.1 do not resolve and everything else goes
// to a proxy that does not exist (no request interception: see NO_PROXY); any request to
// another origin than the preview is reported as a failure.

import fs from 'node:fs';
import path from 'node:path';
import { HarnessError, launchBrowser } from './chromium.mjs';

// Loopback only, without request interception: check-site.mjs aborts other origins with
// context.route(), but any route makes Playwright intercept every request, and an intercepted
// stylesheet request started by the CSS swap (two tabs asking for the same new URL at once)
// then sometimes never completes. So everything but loopback (which Chromium never proxies)
// goes to a proxy that is not there, and off-site requests are reported from the 'request' event.
const NO_PROXY = '--proxy-server=http://127.0.0.1:9';
// Short enough that the service page scrolls.
const VIEWPORT = { width: 1280, height: 600 };
const FI_PAGE = 'fi/palvelut/perhetyo/';
const SEARCH_PAGE = 'fi/haku/';
const SUMMARY = 'Tukea lapsiperheen arkeen kotona.';
// The reload script's first line: the one element a swapped page may differ in.
const RELOAD_SIGNATURE = 'esite serve: live reload';
const EN_PAGE = 'en/services/family-work/';
const FI_FILE = 'content/services/perhetyo/fi.md';
const CSS_FILE = 'themes/default/static/style.css';
const SENTENCE = 'Perhetyö tukee vanhemmuutta.';
const ERROR_AT = `${FI_FILE}:2:`;
const BROKEN = '---\ntitle: [unclosed\n---\n';
const BROKEN_AGAIN = '---\ntitle: [still unclosed\n---\n';
const CSS_RULE = '\nbody{background:rgb(1, 2, 3)}\n';
const CSS_BG = 'rgb(1, 2, 3)';
const SCROLL_TO = 500;
// A swap restores the position itself, in the same task, so it is exact.
const SCROLL_SLACK = 2;
// After the Finnish tab reloaded, how long the English tab gets to (wrongly) reload too.
const QUIET_MS = 750;
const TOTAL_TIMEOUT_MS = 180_000;

/** The preview could not be checked because it does not work (exit 1, not 2). */
class SetupFailure extends Error {}

const USAGE = 'usage: node serve-check.mjs --url http://127.0.0.1:PORT/ --site DIR [--json-out FILE] [--wait-ms N] [--verbose]';

function parseArgs(argv) {
  const opts = { url: null, site: null, jsonOut: null, waitMs: 5000, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? a.split(/=(.*)/s) : [a, null];
    const val = () => {
      if (inline !== null) return inline;
      const v = argv[++i];
      if (v === undefined) throw new HarnessError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--url':
        opts.url = val();
        break;
      case '--site':
        opts.site = val();
        break;
      case '--json-out':
        opts.jsonOut = val();
        break;
      case '--wait-ms':
        opts.waitMs = Math.max(500, parseInt(val(), 10) || 5000);
        break;
      case '--verbose':
      case '-v':
        opts.verbose = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new HarnessError(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (!opts.url || !opts.site) throw new HarnessError(`--url and --site are required\n${USAGE}`);
  let u;
  try {
    u = new URL(opts.url);
  } catch {
    throw new HarnessError(`--url is not a URL: ${opts.url}`);
  }
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost' && u.hostname !== '[::1]') {
    throw new HarnessError(`--url must be a loopback address (got ${u.hostname})`);
  }
  opts.origin = u.origin;
  opts.base = u.href.endsWith('/') ? u.href : u.href + '/';
  opts.site = path.resolve(opts.site);
  for (const f of [FI_FILE, CSS_FILE]) {
    if (!fs.existsSync(path.join(opts.site, f))) {
      throw new HarnessError(`${path.join(opts.site, f)} is missing (the site must be a copy of tests/fixtures/basic with ${CSS_FILE} created before the server started)`);
    }
  }
  return opts;
}

const now = () => performance.now();
const ms = (x) => `${Math.round(x)} ms`;
const sleep = (t) => new Promise((r) => setTimeout(r, t));

function truncate(s, n = 300) {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** Calls fn every `interval` ms until it returns a truthy value (errors, e.g. a context destroyed
 * by a reload, count as "not yet"). Resolves to { ok, value, ms }. */
async function poll(fn, timeoutMs, interval = 10) {
  const start = now();
  let value;
  let lastError = null;
  for (;;) {
    try {
      value = await withTimeout(fn(), Math.max(250, timeoutMs - (now() - start)));
      lastError = null;
      if (value) return { ok: true, value, ms: now() - start };
    } catch (e) {
      lastError = e;
    }
    if (now() - start >= timeoutMs) return { ok: false, value, ms: now() - start, error: lastError?.message };
    await sleep(interval);
  }
}

function withTimeout(promise, t) {
  let timer;
  return Promise.race([promise, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`no answer in ${ms(t)}`)), t)))]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Browser


/** A tab that records its main-frame navigations, the reload stream's events (through CDP, so
 * nothing in the page is touched) and script errors. */
async function openTab(context, opts, urlPath, name) {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const tab = { name, page, urlPath, url: opts.base + urlPath, navigations: [], events: [], errors: [], failed: [], net: [], streams: [] };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) tab.navigations.push({ at: now(), url: frame.url() });
  });
  page.on('pageerror', (err) => tab.errors.push(truncate(err.message)));
  page.on('response', (resp) => {
    if (resp.status() >= 400 && !resp.url().endsWith('/favicon.ico')) tab.failed.push(`${resp.url()} -> HTTP ${resp.status()}`);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (e) => {
    let data = e.data;
    try {
      data = JSON.parse(e.data);
    } catch {
      /* keep the text */
    }
    tab.events.push({ at: now(), name: e.eventName, data });
  });
  // Stylesheet requests, to tell a CSS swap that never loaded from one that loaded but did not apply.
  const css = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    // A second stream would mean the reload script ran again.
    if (e.request.url.includes('/__esite/events')) tab.streams.push(now());
    if (e.type === 'Stylesheet' || /\.css(\?|$)/.test(e.request.url)) css.set(e.requestId, e.request.url);
    if (css.has(e.requestId)) tab.net.push({ at: now(), what: 'request', url: e.request.url });
  });
  cdp.on('Network.responseReceived', (e) => {
    if (css.has(e.requestId)) tab.net.push({ at: now(), what: `HTTP ${e.response.status}`, url: css.get(e.requestId) });
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (css.has(e.requestId)) tab.net.push({ at: now(), what: `finished ${e.encodedDataLength} B`, url: css.get(e.requestId) });
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (css.has(e.requestId)) tab.net.push({ at: now(), what: `failed ${e.errorText}${e.canceled ? ' (canceled)' : ''}`, url: css.get(e.requestId) });
  });
  let resp;
  try {
    resp = await page.goto(tab.url, { waitUntil: 'load', timeout: 30_000 });
  } catch (e) {
    throw new HarnessError(`cannot open ${tab.url}: ${e.message}`);
  }
  if (!resp || resp.status() !== 200) {
    // The preview runs but has no good build to show (its page lists the errors): a failure of
    // esite serve or of the site, not of this harness.
    const text = await page.locator('pre').first().textContent({ timeout: 2000 }).catch(() => '');
    throw new SetupFailure(`${tab.url} answered HTTP ${resp?.status()} (expected 200)${text ? `: ${truncate(text, 600)}` : ''}`);
  }
  return tab;
}

const eventsSince = (tab, t) => tab.events.filter((e) => e.at >= t);
const navsSince = (tab, t) => tab.navigations.filter((n) => n.at >= t);
const describeEvents = (tab, t) =>
  eventsSince(tab, t)
    .map((e) => `${e.name}@+${Math.round(e.at - t)}ms ${truncate(JSON.stringify(e.data), 160)}`)
    .join('; ') || 'none';

async function setMarker(tab) {
  await tab.page.evaluate(() => {
    window.__esiteMarker = 1;
  });
}
const streamsSince = (tab, t) => tab.streams.filter((at) => at >= t).length;
/** Whether the tab kept its document: no navigation, the window marker still set, and the reload
 * script not started again (no new event stream). */
async function keptInPlace(tab, t) {
  const m = await markerOf(tab);
  const navs = navsSince(tab, t).length;
  const streams = streamsSince(tab, t);
  return { ok: m === 1 && navs === 0 && streams === 0, detail: `navigations ${navs}; window.__esiteMarker ${m}; new event streams ${streams}` };
}
const markerOf = (tab) => tab.page.evaluate(() => window.__esiteMarker ?? null).catch((e) => `error: ${e.message}`);
const hasText = (tab, text) => tab.page.evaluate((t) => Boolean(document.body && document.body.textContent.includes(t)), text);
const overlayShown = (tab) =>
  tab.page.evaluate(() => {
    const o = document.getElementById('esite-overlay');
    return Boolean(o && o.checkVisibility());
  });

// ---------------------------------------------------------------------------------------------
// Checks

function makeReport() {
  return { checks: [], latencies: {}, notes: [] };
}

function record(report, step, ok, what, detail = '') {
  report.checks.push({ step, ok: Boolean(ok), what, detail });
  return Boolean(ok);
}

/** Waits until `tab` has seen a stream event after `t` (or gives up quietly after `timeoutMs`). */
async function waitForEvent(tab, t, timeoutMs, names = null) {
  return poll(async () => eventsSince(tab, t).some((e) => !names || names.includes(e.name)), timeoutMs, 20);
}

async function stepEdit(ctx) {
  const { fi, en, opts, report, write, original } = ctx;
  await setMarker(fi);
  await setMarker(en);
  // A link without an id, so the swap must find it by its place.
  const LINK = 'main .call-more a';
  await fi.page.focus(LINK);
  const marker = `Esite-testi ${ctx.runId} muutti tämän lauseen.`;
  ctx.current = original.replace(SENTENCE, marker);
  if (ctx.current === original) throw new HarnessError(`${FI_FILE} does not contain the sentence "${SENTENCE}"`);
  const t0 = write(FI_FILE, ctx.current);
  const seen = await poll(() => hasText(fi, marker), opts.waitMs);
  const evAt = eventsSince(fi, t0).find((e) => e.name === 'reload');
  const navAt = navsSince(fi, t0)[0];
  if (seen.ok) {
    report.latencies['a: save -> text visible'] = seen.ms;
    if (evAt) report.latencies['a: save -> reload event'] = evAt.at - t0;
    if (navAt) report.latencies['a: save -> navigation'] = navAt.at - t0;
  }
  let serverHas = null;
  if (!seen.ok) {
    const r = await ctx.context.request.get(fi.url).catch(() => null);
    serverHas = r ? (await r.text()).includes(marker) : null;
  }
  record(
    report,
    'a',
    seen.ok,
    `the Finnish tab shows the edited sentence within ${opts.waitMs} ms, without navigation by the test`,
    seen.ok
      ? `save -> visible ${ms(seen.ms)}`
      : `not visible after ${ms(seen.ms)}; the server ${serverHas === null ? '(could not be asked)' : serverHas ? 'DOES serve the new text, so the tab was not reloaded' : 'still serves the OLD text (stale page)'}; stream events: ${describeEvents(fi, t0)}; navigations: ${navsSince(fi, t0).length}`,
  );
  if (seen.ok) {
    const kept = await keptInPlace(fi, t0);
    record(report, 'a', kept.ok, 'the Finnish tab swapped the new page in place (no navigation, the reload script not run again)', kept.detail);
    const focused = await fi.page.evaluate((sel) => document.activeElement === document.querySelector(sel), LINK);
    record(report, 'a', focused, `the focused link (${LINK}) is still focused`, `focused: ${await fi.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
    await stepSameAsFresh(ctx);
  }

  // e: the English page did not change, so its tab must not reload.
  const enEvent = await waitForEvent(en, t0, Math.max(opts.waitMs - (now() - t0), 1000));
  await sleep(QUIET_MS);
  const enMarker = await markerOf(en);
  const enNavs = navsSince(en, t0).length;
  const reloadEv = eventsSince(en, t0).find((e) => e.name === 'reload');
  record(
    report,
    'e',
    enEvent.ok,
    'the English tab is told about the rebuild (reload event on its stream)',
    `stream events: ${describeEvents(en, t0)}`,
  );
  record(
    report,
    'e',
    enMarker === 1 && enNavs === 0,
    'the English tab is NOT reloaded by a Finnish-only edit',
    `window.__esiteMarker ${enMarker}; navigations ${enNavs}; reload event paths: ${reloadEv ? JSON.stringify(reloadEv.data?.paths) : 'no reload event'}`,
  );
  ctx.marker = marker;
}

async function stepScroll(ctx) {
  const { fi, opts, report, write } = ctx;
  const max = await fi.page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  if (max < 200) throw new HarnessError(`${FI_PAGE} is too short to scroll at ${VIEWPORT.width}x${VIEWPORT.height} (max scroll ${max} px)`);
  const target = Math.min(SCROLL_TO, max);
  await fi.page.evaluate((y) => window.scrollTo(0, y), target);
  const before = (await poll(() => fi.page.evaluate((y) => (Math.abs(window.scrollY - y) < 2 ? window.scrollY : 0), target), 1000)).value;
  if (!before) throw new HarnessError(`could not scroll ${FI_PAGE} to ${target} px`);
  await setMarker(fi);
  // An element with an id: the swap finds it by that. Focusing must not scroll.
  await fi.page.evaluate(() => document.getElementById('main').focus({ preventScroll: true }));
  const marker = `Esite-testi ${ctx.runId} vieritti ja muutti tämän lauseen.`;
  const prev = ctx.current;
  ctx.current = prev.replace(ctx.marker ?? SENTENCE, marker);
  const t0 = write(FI_FILE, ctx.current);
  const seen = await poll(() => hasText(fi, marker), opts.waitMs);
  if (seen.ok) report.latencies['b: save -> text visible (scrolled)'] = seen.ms;
  record(report, 'b', seen.ok, 'the scrolled Finnish tab shows the second edit', seen.ok ? `save -> visible ${ms(seen.ms)}` : `not visible after ${ms(seen.ms)}; stream events: ${describeEvents(fi, t0)}`);
  if (!seen.ok) return;
  ctx.marker = marker;
  const kept = await keptInPlace(fi, t0);
  // Give the page a moment to make sure the position stays.
  await sleep(200);
  const after = await fi.page.evaluate(() => window.scrollY).catch(() => NaN);
  record(
    report,
    'b',
    kept.ok && Math.abs(after - before) <= SCROLL_SLACK,
    `after the swap the tab is scrolled where it was (within ${SCROLL_SLACK} px)`,
    `scrollY before ${Math.round(before)}, after ${Math.round(after)}; ${kept.detail}`,
  );
  const focus = await fi.page.evaluate(() => document.activeElement?.id || document.activeElement?.localName);
  record(report, 'b', focus === 'main', 'the focused <main id="main"> is still focused', `focused: ${focus}`);
}

/** The tab's document as HTML, without the reload script's element (its build number differs). */
const documentHtml = (tab) =>
  tab.page.evaluate((signature) => {
    const root = document.documentElement.cloneNode(true);
    for (const s of root.querySelectorAll('script')) if (s.textContent.includes(signature)) s.remove();
    return { head: root.querySelector('head').outerHTML, body: root.querySelector('body').outerHTML, html: root.cloneNode(false).outerHTML };
  }, RELOAD_SIGNATURE);

/** Where two texts first differ, with some context. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: swapped …${truncate(a.slice(Math.max(0, i - 60), i + 80), 200)}… fresh …${truncate(b.slice(Math.max(0, i - 60), i + 80), 200)}…`;
}

/** f: the swapped Finnish tab shows the same document as a fresh load of its address. */
async function stepSameAsFresh(ctx) {
  const { fi, context, report } = ctx;
  const swapped = await documentHtml(fi);
  const page = await context.newPage();
  try {
    await page.goto(fi.url, { waitUntil: 'load' });
    const fresh = await documentHtml({ page });
    for (const part of ['html', 'head', 'body']) {
      record(report, 'f', swapped[part] === fresh[part], `after the swap the <${part}> equals a fresh load's`, swapped[part] === fresh[part] ? `${fresh[part].length} characters` : firstDifference(swapped[part], fresh[part]));
    }
  } finally {
    await page.close();
  }
}

async function overlayInfo(tab) {
  return tab.page.evaluate(() => {
    const o = document.getElementById('esite-overlay');
    if (!o) return null;
    const a = document.activeElement;
    return {
      visible: o.checkVisibility(),
      role: o.getAttribute('role'),
      text: o.innerText,
      focusInside: Boolean(a && o.contains(a)),
      focused: a ? a.outerHTML.slice(0, 120) : 'null',
    };
  });
}

async function stepOverlay(ctx) {
  const { fi, en, opts, report, write, original } = ctx;
  if (!ctx.marker) {
    // After a failed step the tab shows the original text: change it first, so that the fix
    // below has something to show.
    ctx.marker = `Esite-testi ${ctx.runId} ennen virhettä.`;
    ctx.current = original.replace(SENTENCE, ctx.marker);
    write(FI_FILE, ctx.current);
    await poll(() => hasText(fi, ctx.marker), opts.waitMs);
  }
  await setMarker(fi);
  const lastGood = ctx.marker;
  const t0 = write(FI_FILE, BROKEN);
  const shown = await poll(() => overlayShown(fi), opts.waitMs);
  if (shown.ok) report.latencies['c: save (broken) -> overlay'] = shown.ms;
  record(report, 'c', shown.ok, 'breaking the front matter shows #esite-overlay in the tab', shown.ok ? `save -> overlay ${ms(shown.ms)}` : `no overlay after ${ms(shown.ms)}; stream events: ${describeEvents(fi, t0)}`);
  if (shown.ok) {
    const info = await overlayInfo(fi);
    record(report, 'c', info.role === 'alertdialog', 'the overlay has role=alertdialog', `role=${info.role}`);
    record(report, 'c', info.text.includes(ERROR_AT) && info.text.includes('error:'), `the overlay names ${ERROR_AT} and says error:`, `overlay text: ${truncate(info.text, 500)}`);
    record(report, 'c', info.focusInside, 'focus is inside the overlay', `focused: ${info.focused}`);
    const m = await markerOf(fi);
    const stillThere = await hasText(fi, lastGood).catch(() => false);
    record(report, 'c', m === 1 && navsSince(fi, t0).length === 0 && stillThere, 'the tab is not reloaded by a failed rebuild (it keeps the last good page under the overlay)', `window.__esiteMarker ${m}; navigations ${navsSince(fi, t0).length}; last good text shown: ${stillThere}`);
    const r = await ctx.context.request.get(fi.url).catch((e) => e);
    const body = typeof r?.text === 'function' ? await r.text() : '';
    record(report, 'c', typeof r?.status === 'function' && r.status() === 200 && body.includes(lastGood), 'the server keeps serving the last good page while the build is broken', typeof r?.status === 'function' ? `GET ${FI_PAGE} -> HTTP ${r.status()}, last good text ${body.includes(lastGood) ? 'present' : 'MISSING'}` : String(r));
    const enShown = await poll(() => overlayShown(en), Math.max(opts.waitMs - (now() - t0), 1000), 20);
    record(report, 'c', enShown.ok, 'the other open tab shows the overlay too', `stream events: ${describeEvents(en, t0)}`);

    await fi.page.keyboard.press('Escape');
    const gone = await poll(async () => !(await overlayShown(fi)), 1000, 20);
    record(report, 'c', gone.ok, 'Escape closes the overlay', gone.ok ? '' : `still shown after ${ms(gone.ms)}`);
  }

  // Break it again (the overlay must come back), then restore the file.
  if (await overlayShown(fi).catch(() => false)) {
    // Escape did not close it (reported above): use the button, so that "shown again" means something.
    await fi.page.click('#esite-overlay button').catch(() => {});
  }
  const t1 = write(FI_FILE, BROKEN_AGAIN);
  const again = await poll(async () => eventsSince(fi, t1).some((e) => e.name === 'failed') && (await overlayShown(fi)), opts.waitMs);
  if (again.ok) report.latencies['c: save (broken again) -> overlay'] = again.ms;
  record(report, 'c', again.ok, 'breaking the file again shows the overlay again', again.ok ? `save -> overlay ${ms(again.ms)}` : `no overlay after ${ms(again.ms)}; stream events: ${describeEvents(fi, t1)}`);
  await setMarker(fi);
  ctx.current = original;
  ctx.marker = null;
  const t2 = write(FI_FILE, original);
  const fixed = await poll(
    async () => !(await overlayShown(fi)) && (await hasText(fi, SENTENCE)) && !(await hasText(fi, lastGood)),
    opts.waitMs,
  );
  if (fixed.ok) report.latencies['c: save (fixed) -> original text visible'] = fixed.ms;
  record(
    report,
    'c',
    fixed.ok,
    'restoring the file removes the overlay and shows the original text',
    fixed.ok ? `save -> visible ${ms(fixed.ms)}` : `after ${ms(fixed.ms)}: overlay ${await overlayShown(fi).catch(() => '?')}, original text ${await hasText(fi, SENTENCE).catch(() => '?')}; stream events: ${describeEvents(fi, t2)}`,
  );
  if (fixed.ok) {
    const kept = await keptInPlace(fi, t2);
    record(report, 'c', kept.ok, 'the fix swaps the page back in place', kept.detail);
  }
  const enGone = await poll(async () => !(await overlayShown(en)), Math.max(opts.waitMs - (now() - t2), 1000), 20);
  record(report, 'c', enGone.ok, 'after the fix no tab shows the overlay', enGone.ok ? '' : `the English tab still shows it; stream events: ${describeEvents(en, t2)}`);
}

/** s: the search page runs a script of its own, so a swap could not show what a reload does: its
 * tab reloads in full, and its search works afterwards. */
async function stepSearch(ctx) {
  const { fi, opts, report, write } = ctx;
  const search = await openTab(ctx.context, opts, SEARCH_PAGE, 'search');
  try {
    if (!(await waitForEvent(search, 0, 10_000, ['hello'])).ok) throw new HarnessError('the search tab got no hello');
    await setMarker(search);
    await setMarker(fi);
    const summary = `Esite-testi ${ctx.runId} muutti tiivistelmän.`;
    const before = ctx.current;
    ctx.current = before.replace(SUMMARY, summary);
    if (ctx.current === before) throw new HarnessError(`${FI_FILE} does not contain the summary "${SUMMARY}"`);
    const t0 = write(FI_FILE, ctx.current);
    const seen = await poll(() => hasText(search, summary), opts.waitMs);
    if (seen.ok) report.latencies['s: save -> summary on the search page'] = seen.ms;
    record(report, 's', seen.ok, 'the search tab shows the new summary', seen.ok ? `save -> visible ${ms(seen.ms)}` : `not visible after ${ms(seen.ms)}; stream events: ${describeEvents(search, t0)}`);
    if (seen.ok) {
      const m = await markerOf(search);
      record(report, 's', navsSince(search, t0).length > 0 && m === null, 'the search tab reloaded in full (its page has a script of its own)', `navigations ${navsSince(search, t0).length}; window.__esiteMarker ${m}`);
      await search.page.waitForLoadState('load');
      await search.page.focus('#search-q');
      await search.page.keyboard.type('perhetyö');
      await search.page.keyboard.press('Enter');
      const found = await poll(
        () => search.page.evaluate(() => document.getElementById('search-status')?.textContent.includes('perhetyö') && [...document.querySelectorAll('#search-results a')].map((a) => new URL(a.href).pathname)),
        opts.waitMs,
        20,
      );
      record(report, 's', found.ok && found.value.includes(`/${FI_PAGE}`), 'after the reload the search finds the service', `results: ${JSON.stringify(found.value)}; errors: ${search.errors.join(' | ')}`);
    }
    const onFi = await poll(() => hasText(fi, summary), Math.max(opts.waitMs - (now() - t0), 1000));
    const kept = await keptInPlace(fi, t0);
    record(report, 's', onFi.ok && kept.ok, 'the service tab, without scripts of its own, swapped the new summary in place', kept.detail);
    record(report, 's', search.errors.length === 0, 'no uncaught script errors in the search tab', search.errors.join(' | '));
  } finally {
    await search.page.close();
  }
  // Back to the file as it was, and wait for the service tab to show it before the next step.
  ctx.current = ctx.current.replace(/Esite-testi \S+ muutti tiivistelmän\./, SUMMARY);
  write(FI_FILE, ctx.current);
  await poll(async () => !(await hasText(fi, 'muutti tiivistelmän')), opts.waitMs);
}

/** Whether the server answers the page's current stylesheet URL: from Node on a new connection,
 * and from the page (the browser's own connection pool). */
async function probeCss(tab) {
  const href = await tab.page.evaluate(() => document.querySelector('link[rel~="stylesheet"]')?.href).catch(() => null);
  if (!href) return 'no stylesheet link';
  const timed = async (f) => {
    const t = now();
    try {
      return `${await f()} in ${ms(now() - t)}`;
    } catch (e) {
      return `no answer (${truncate(e.message, 80)}) after ${ms(now() - t)}`;
    }
  };
  const node = await timed(async () => `HTTP ${(await fetch(href, { signal: AbortSignal.timeout(2000) })).status}`);
  const page = await timed(() =>
    tab.page.evaluate(async (u) => `HTTP ${(await fetch(u, { cache: 'no-store', signal: AbortSignal.timeout(2000) })).status}`, href + '?probe'),
  );
  return `GET ${href.replace(/^https?:\/\/[^/]+/, '')} from a new connection: ${node}; from the tab: ${page}`;
}

/** The page's stylesheet links, and whether each has loaded. */
const sheets = (tab, since) =>
  tab.page
    .evaluate(() =>
      [...document.querySelectorAll('link[rel~="stylesheet"]')]
        .map((l) => {
          const rules = l.sheet ? [...l.sheet.cssRules] : [];
          const has = rules.some((r) => r.cssText.includes('rgb(1, 2, 3)'));
          return `${l.getAttribute('href')} (${l.sheet ? `loaded, ${rules.length} rules, ${has ? 'with' : 'WITHOUT'} the new rule` : 'not loaded'})`;
        })
        .join(', '),
    )
    .then(async (s) => `${s}; ${await probeCss(tab)}; stylesheet requests: ${tab.net.filter((n) => n.at >= since).map((n) => `${n.what} ${n.url.replace(/^https?:\/\/[^/]+/, '')} @+${Math.round(n.at - since)}ms`).join('; ') || 'none'}`)
    .catch((e) => `? (${e.message})`);

async function stepCss(ctx) {
  const { fi, en, opts, report, site } = ctx;
  const bg = (tab) => tab.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  if ((await bg(fi)) === CSS_BG) throw new HarnessError(`the body background is already ${CSS_BG} before the CSS change`);
  await setMarker(fi);
  await setMarker(en);
  const file = path.join(site, CSS_FILE);
  const t0 = now();
  fs.appendFileSync(file, CSS_RULE);
  const seen = await poll(async () => (await bg(fi)) === CSS_BG, opts.waitMs);
  if (seen.ok) report.latencies['d: save (css) -> new background'] = seen.ms;
  const evs = describeEvents(fi, t0);
  record(report, 'd', seen.ok, `the Finnish tab's body background becomes ${CSS_BG}`, seen.ok ? `save -> applied ${ms(seen.ms)}` : `background still ${await bg(fi).catch((e) => e.message)} after ${ms(seen.ms)}; stylesheets: ${await sheets(fi, t0)}; stream events: ${evs}`);
  const m = await markerOf(fi);
  record(report, 'd', m === 1 && navsSince(fi, t0).length === 0, 'the stylesheet is swapped without a navigation of the Finnish tab', `window.__esiteMarker ${m}; navigations ${navsSince(fi, t0).length}; stream events: ${evs}`);
  const enSeen = await poll(async () => (await bg(en)) === CSS_BG, Math.max(opts.waitMs - (now() - t0), 1000), 20);
  if (enSeen.ok) report.latencies['d: save (css) -> new background, 2nd tab'] = now() - t0;
  await sleep(QUIET_MS / 2);
  const em = await markerOf(en);
  record(
    report,
    'd',
    enSeen.ok && em === 1 && navsSince(en, t0).length === 0,
    'the English tab gets the new stylesheet without a navigation too',
    `background ${await bg(en).catch((e) => e.message)} ${ms(now() - t0)} after the save; stylesheets: ${await sheets(en, t0)}; window.__esiteMarker ${em}; navigations ${navsSince(en, t0).length}; stream events: ${describeEvents(en, t0)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Main

function printReport(report, opts) {
  const lines = [`serve-check: ${opts.base} (site ${opts.site})`];
  for (const c of report.checks) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.step}  ${c.what}`);
    if (c.detail && (!c.ok || opts.verbose)) lines.push(`          ${c.detail}`);
  }
  for (const n of report.notes) lines.push(`  note: ${n}`);
  lines.push('', 'latencies (file saved on disk -> change visible in the tab):');
  for (const [k, v] of Object.entries(report.latencies)) lines.push(`  ${k.padEnd(44)} ${ms(v)}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push('', failed === 0 ? `RESULT: OK, ${report.checks.length} checks passed` : `RESULT: FAIL, ${failed} of ${report.checks.length} checks failed`);
  console.log(lines.join('\n'));
}

function summaryLine(report, extra = {}) {
  const lat = Object.fromEntries(Object.entries(report.latencies).map(([k, v]) => [k, Math.round(v)]));
  const failed = report.checks.filter((c) => !c.ok);
  return 'esite-serve-summary ' + JSON.stringify({ ok: failed.length === 0 && !extra.harnessError, checks: report.checks.length, failed: failed.map((c) => `${c.step}: ${c.what}`), latencies_ms: lat, ...extra });
}

async function main(report, state) {
  const opts = parseArgs(process.argv.slice(2));
  state.opts = opts;
  const fiFile = path.join(opts.site, FI_FILE);
  const original = fs.readFileSync(fiFile, 'utf8');
  state.restore = () => fs.writeFileSync(fiFile, original);
  const browser = await launchBrowser({ viewport: VIEWPORT, flags: [NO_PROXY] });
  state.browser = browser;
  const { context } = browser;
  context.on('request', (req) => {
    if (new URL(req.url()).origin !== opts.origin && !req.url().startsWith('data:')) state.offsite.push(req.url());
  });
  let fi, en;
  try {
    fi = await openTab(context, opts, FI_PAGE, 'fi');
    en = await openTab(context, opts, EN_PAGE, 'en');
  } catch (e) {
    if (!(e instanceof SetupFailure)) throw e;
    record(report, 'setup', false, 'the preview serves the two pages', e.message);
    return 1;
  }
  for (const tab of [fi, en]) {
    // The tab must be listening before anything is edited (the page itself reads `hello` first).
    const hello = await waitForEvent(tab, 0, 10_000, ['hello']);
    if (!hello.ok) {
      record(report, 'setup', false, `the ${tab.name} tab connects to /__esite/events and gets a hello`, 'no hello event in 10 s');
      return 1;
    }
  }
  const ctx = {
    context,
    fi,
    en,
    opts,
    report,
    site: opts.site,
    original,
    current: original,
    marker: null,
    runId: Date.now().toString(36),
    write: (rel, text) => {
      const t = now();
      fs.writeFileSync(path.join(opts.site, rel), text);
      return t;
    },
  };
  const steps = [
    ['a+e', stepEdit],
    ['b', stepScroll],
    ['c', stepOverlay],
    ['s', stepSearch],
    ['d', stepCss],
  ];
  for (const [name, fn] of steps) {
    const failedBefore = report.checks.filter((c) => !c.ok).length;
    try {
      await fn(ctx);
    } catch (e) {
      if (e instanceof HarnessError) throw e;
      record(report, name, false, `step ${name} ran to the end`, truncate(e.stack ?? e, 600));
    }
    if (report.checks.filter((c) => !c.ok).length > failedBefore) {
      // Start the next step from a clean state: the original file, freshly loaded tabs.
      report.notes.push(`after the failure in step ${name} the file was restored and the tabs reopened by the test`);
      fs.writeFileSync(fiFile, original);
      ctx.current = original;
      ctx.marker = null;
      await sleep(500);
      for (const tab of [fi, en]) {
        await tab.page.goto(tab.url, { waitUntil: 'load' }).catch(() => {});
        await waitForEvent(tab, now() - 1, 3000, ['hello']);
      }
    }
  }
  record(report, 'all', state.offsite.length === 0, 'no requests to other origins than the preview (they fail: only loopback is reachable)', state.offsite.slice(0, 10).join(' | '));
  for (const tab of [fi, en]) {
    record(report, 'all', tab.errors.length === 0, `no uncaught script errors in the ${tab.name} tab`, tab.errors.join(' | '));
    const failed = tab.failed.filter((f) => !f.includes('/__esite/'));
    record(report, 'all', failed.length === 0, `no failed requests in the ${tab.name} tab`, failed.join(' | '));
  }
  return report.checks.every((c) => c.ok) ? 0 : 1;
}

const report = makeReport();
const state = { opts: null, browser: null, restore: null, offsite: [] };
const finish = async (code, extra = {}) => {
  if (state.browser) await state.browser.close();
  try {
    state.restore?.();
  } catch {
    /* the site is a throw-away copy */
  }
  if (state.opts) printReport(report, state.opts);
  if (state.opts?.jsonOut) fs.writeFileSync(state.opts.jsonOut, JSON.stringify({ ...report, ...extra }, null, 2));
  console.log(summaryLine(report, extra));
  process.exit(code);
};
const overall = setTimeout(() => {
  console.error(`serve-check: harness error: gave up after ${TOTAL_TIMEOUT_MS / 1000} s`);
  finish(2, { harnessError: 'overall timeout' });
}, TOTAL_TIMEOUT_MS);
main(report, state).then(
  (code) => {
    clearTimeout(overall);
    return finish(code);
  },
  (err) => {
    clearTimeout(overall);
    const msg = err instanceof HarnessError ? err.message : err && err.stack ? err.stack : String(err);
    console.error(`serve-check: harness error: ${msg}`);
    return finish(2, { harnessError: truncate(err?.message ?? err, 300) });
  },
);
