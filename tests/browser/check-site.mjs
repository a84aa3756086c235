#!/usr/bin/env node
// Checks a built static site folder in a real browser.
//
//   node tests/browser/check-site.mjs DIR [--mode a11y|vnu|keyboard|all]
//        [--keyboard-page /fi/palvelut/perhetyo/ ...] [--page /only/this/ ...]
//        [--concurrency 2] [--axe-tags wcag2a,wcag2aa,...] [--json-out FILE] [--verbose]
//
// Modes:
//   a11y      every *.html page, axe-core (WCAG 2.0/2.1 A+AA tags) at 1280x800 and 320x640,
//             plus: exactly one visible h1, every image loaded (naturalWidth > 0), no horizontal scrolling at 320 px, no failed or
//             off-site sub-resource requests, no uncaught script errors.
//   vnu       the Nu Html Checker (vnu.jar) over the whole folder, errors only.
//   keyboard  the pages given with --keyboard-page (at 1280x800 and 320x640): skip link first,
//             Enter on it moves focus into <main>, Tab visits every visible focusable element in
//             DOM order, each focused element is on screen and has an outline or box-shadow.
//   all       vnu + a11y + keyboard (keyboard only when --keyboard-page is given).
//
// Exit code: 0 clean, 1 any problem found in the site, 2 harness failure (missing Chromium, Java,
// node_modules, bad arguments, ...). The last line printed is a machine-readable summary:
//   esite-check-summary {"ok":...,"modes":[...],...}
//
// Chromium: /usr/bin/chromium (override with CHROMIUM_PATH). Only 127.0.0.1 is ever contacted:
// the pages are served by a local server and every request to another origin is aborted.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir, listHtmlFiles, fileToUrlPath, urlPathToFile } from './serve.mjs';
import { HarnessError, NODE_MODULES, SETUP_HINT, launchBrowser } from './chromium.mjs';

const AXE_PATH = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
const VNU_JAR = path.join(NODE_MODULES, 'vnu-jar', 'build', 'dist', 'vnu.jar');
const DEFAULT_AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 320, height: 640 };
const PHONE = { width: 375, height: 800 };
const PAGE_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Arguments

const USAGE = `usage: node check-site.mjs DIR [--mode a11y|vnu|keyboard|phone|all] [--keyboard-page PATH]... [--phone-page PATH]...
       [--page PATH]... [--concurrency N] [--axe-tags t1,t2] [--json-out FILE] [--verbose]`;

function parseArgs(argv) {
  const opts = {
    dir: null,
    mode: 'all',
    keyboardPages: [],
    phonePages: [],
    pages: [],
    concurrency: 2,
    axeTags: DEFAULT_AXE_TAGS,
    jsonOut: null,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new HarnessError(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? a.split(/=(.*)/s) : [a, null];
    const val = () => (inline !== null ? inline : value());
    switch (flag) {
      case '--mode':
        opts.mode = val();
        break;
      case '--keyboard-page':
        opts.keyboardPages.push(val());
        break;
      case '--phone-page':
        opts.phonePages.push(val());
        break;
      case '--page':
        opts.pages.push(val());
        break;
      case '--concurrency':
        opts.concurrency = Math.max(1, Math.min(4, parseInt(val(), 10) || 2));
        break;
      case '--axe-tags':
        opts.axeTags = val()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--json-out':
        opts.jsonOut = val();
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
        if (a.startsWith('-')) throw new HarnessError(`unknown option ${a}\n${USAGE}`);
        if (opts.dir) throw new HarnessError(`only one DIR may be given\n${USAGE}`);
        opts.dir = a;
    }
  }
  if (!opts.dir) throw new HarnessError(`DIR is required\n${USAGE}`);
  if (!['a11y', 'vnu', 'keyboard', 'phone', 'all'].includes(opts.mode)) {
    throw new HarnessError(`unknown --mode ${opts.mode}\n${USAGE}`);
  }
  if (opts.mode === 'phone' && opts.phonePages.length === 0) {
    throw new HarnessError('--mode phone needs at least one --phone-page PATH');
  }
  if (opts.mode === 'keyboard' && opts.keyboardPages.length === 0) {
    throw new HarnessError('--mode keyboard needs at least one --keyboard-page PATH');
  }
  for (const p of [...opts.keyboardPages, ...opts.phonePages, ...opts.pages]) {
    if (!p.startsWith('/')) throw new HarnessError(`page paths start with '/': ${p}`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Findings

/** @typedef {{mode:string,page:string,rule:string,impact?:string,help:string,helpUrl?:string,viewports?:string[],nodes:{target:string,html?:string,detail?:string}[]}} Finding */

function vpName(vp) {
  return `${vp.width}x${vp.height}`;
}

function truncate(s, n = 240) {
  s = String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

async function pool(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// In-page helpers (serialized into the page by page.evaluate)

function installHelpers() {
  if (window.__esite) return;
  const cssPath = (el) => {
    if (!(el instanceof Element)) return String(el && el.nodeName);
    const parts = [];
    let cur = el;
    while (cur && cur.nodeType === 1 && parts.length < 6) {
      let part = cur.localName;
      if (cur.id) {
        parts.unshift(part + '#' + CSS.escape(cur.id));
        break;
      }
      part += [...cur.classList]
        .slice(0, 2)
        .map((c) => '.' + CSS.escape(c))
        .join('');
      const parent = cur.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === cur.localName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(cur) + 1})`;
      }
      parts.unshift(part);
      if (cur.localName === 'body' || cur.localName === 'html') break;
      cur = parent;
    }
    return parts.join(' > ');
  };
  const snippet = (el) => {
    if (!(el instanceof Element)) return '';
    const h = el.outerHTML.replace(/\s+/g, ' ');
    return h.length > 200 ? h.slice(0, 199) + '…' : h;
  };
  const visible = (el) =>
    el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true, contentVisibilityAuto: true });
  const FOCUSABLE =
    'a[href], area[href], button, input, select, textarea, summary, iframe, audio[controls], video[controls], [contenteditable=""], [contenteditable="true"], [tabindex]';
  const focusables = () => {
    const seenRadio = new Set();
    const all = [...document.querySelectorAll(FOCUSABLE)].filter((el) => {
      if (el.matches(':disabled') || el.matches('input[type="hidden"]')) return false;
      const ti = el.getAttribute('tabindex');
      if (ti !== null && ti.trim() !== '' && parseInt(ti, 10) < 0) return false;
      if (el.closest('[inert]')) return false;
      if (el.localName === 'summary' && el.parentElement?.localName !== 'details') return false;
      if (!visible(el)) return false;
      return true;
    });
    // Only one radio button per named group is in the tab sequence: the checked one, or the first.
    return all.filter((el) => {
      if (!(el.localName === 'input' && el.type === 'radio' && el.name)) return true;
      const key = (el.form ? 'f' : 'd') + ':' + el.name;
      if (seenRadio.has(key)) return false;
      const group = all.filter((o) => o.localName === 'input' && o.type === 'radio' && o.name === el.name && o.form === el.form);
      const chosen = group.find((o) => o.checked) || group[0];
      if (chosen !== el) return false;
      seenRadio.add(key);
      return true;
    });
  };
  const isScroller = (el) => {
    const cs = getComputedStyle(el);
    const ox = /(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth;
    const oy = /(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight;
    return ox || oy;
  };
  const transparent = (c) => !c || c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c);
  const focusIndicator = (el) => {
    const cs = getComputedStyle(el);
    const outline =
      cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !transparent(cs.outlineColor);
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    return {
      ok: Boolean(outline || shadow),
      style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
    };
  };
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (r.width < 2 || r.height < 2) return { ok: false, why: `rendered ${r.width}x${r.height} px` };
    if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) {
      return { ok: false, why: `outside the viewport at (${Math.round(r.left)}, ${Math.round(r.top)})` };
    }
    const m = /rect\(([-\d.]+)px,?\s*([-\d.]+)px,?\s*([-\d.]+)px,?\s*([-\d.]+)px\)/.exec(cs.clip);
    if (cs.clip !== 'auto' && m && (+m[3] - +m[1] < 2 || +m[2] - +m[4] < 2)) {
      return { ok: false, why: `clipped away (clip: ${cs.clip})` };
    }
    if (/inset\((50|100)%\)/.test(cs.clipPath)) return { ok: false, why: `clipped away (clip-path: ${cs.clipPath})` };
    if (!el.checkVisibility({ opacityProperty: true, checkOpacity: true })) {
      return { ok: false, why: 'opacity 0' };
    }
    return { ok: true };
  };
  window.__esite = { cssPath, snippet, visible, focusables, isScroller, focusIndicator, onScreen };
}

// ---------------------------------------------------------------------------------------------
// vnu

function runProcess(cmd, args, { timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function checkVnu(dir, report) {
  if (!fs.existsSync(VNU_JAR)) {
    throw new HarnessError(`vnu.jar not found at ${VNU_JAR}: ${SETUP_HINT}`);
  }
  let res;
  try {
    res = await runProcess('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--skip-non-html', dir]);
  } catch (e) {
    if (e.code === 'ENOENT') throw new HarnessError(`java not found on PATH (Java 11+ is needed for vnu.jar): ${SETUP_HINT}`);
    throw e;
  }
  if (res.signal) throw new HarnessError(`vnu.jar was killed (${res.signal}) after the time limit`);
  const text = [res.stderr, res.stdout].find((s) => s.trim().startsWith('{'));
  if (!text) {
    throw new HarnessError(`vnu.jar printed no JSON (exit ${res.code}):\n${truncate(res.stderr + res.stdout, 2000)}`);
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new HarnessError(`could not parse vnu.jar output: ${e.message}\n${truncate(text, 2000)}`);
  }
  const root = path.resolve(dir);
  const byFile = new Map();
  for (const m of parsed.messages ?? []) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    let file = m.url ?? '(unknown)';
    try {
      if (file.startsWith('file:')) file = path.relative(root, fileURLToPath(file)).split(path.sep).join('/');
    } catch {
      /* keep the URL as given */
    }
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push(m);
  }
  for (const [file, msgs] of byFile) {
    for (const m of msgs) {
      const where = m.lastLine ? `line ${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn}` : '';
      report.findings.push({
        mode: 'vnu',
        page: file,
        rule: m.type === 'error' ? 'vnu-error' : 'vnu-io-error',
        impact: 'error',
        help: m.message,
        nodes: [{ target: where || file, html: m.extract ? truncate(m.extract, 200) : undefined }],
      });
    }
  }
  report.checked.vnu = listHtmlFiles(dir).length;
  if (res.code !== 0 && byFile.size === 0) {
    throw new HarnessError(`vnu.jar exited ${res.code} without reporting errors:\n${truncate(res.stderr, 2000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Browser


/** Opens a page that records failed/off-site requests and script errors into `problems`. */
async function openPage(context, origin, viewport, problems) {
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.setViewportSize(viewport);
  const local = (u) => u.startsWith(origin + '/') || u === origin;
  // A sub-resource answered 4xx/5xx is reported once (Chromium also fires requestfailed for some).
  const seen = new Set();
  const once = (key) => (seen.has(key) ? false : (seen.add(key), true));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.clear();
  });
  page.on('pageerror', (err) => problems.push({ rule: 'esite-script-error', help: 'Uncaught script error', detail: truncate(err.message, 300) }));
  page.on('requestfailed', (req) => {
    const u = req.url();
    if (!local(u)) {
      problems.push({ rule: 'esite-offsite-request', help: 'Page requests a resource from another origin (blocked; only the site itself may be loaded)', detail: u });
    } else if (!u.endsWith('/favicon.ico') && once(u)) {
      problems.push({ rule: 'esite-request-failed', help: 'A sub-resource failed to load', detail: `${u.replace(origin, '')} (${req.failure()?.errorText})` });
    }
  });
  page.on('response', (resp) => {
    const req = resp.request();
    const u = resp.url();
    if (resp.status() >= 400 && req.resourceType() !== 'document' && !u.endsWith('/favicon.ico') && once(u)) {
      problems.push({ rule: 'esite-request-failed', help: 'A sub-resource failed to load', detail: `${u.replace(origin, '')} -> HTTP ${resp.status()}` });
    }
  });
  return page;
}

async function gotoChecked(page, origin, urlPath, expectedStatus) {
  const resp = await page.goto(origin + urlPath, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
  if (!resp) throw new Error(`no response for ${urlPath}`);
  if (resp.status() !== expectedStatus) {
    throw new Error(`${urlPath} answered HTTP ${resp.status()} (expected ${expectedStatus})`);
  }
  await page.evaluate(() => document.fonts && document.fonts.ready.then(() => true));
  await page.evaluate(installHelpers);
}

async function runAxe(page, axeSource, tags) {
  const has = await page.evaluate(() => typeof window.axe);
  if (has !== 'object') await page.evaluate(axeSource);
  return page.evaluate(async (tagList) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tagList },
      resultTypes: ['violations', 'incomplete'],
    });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, detail: n.failureSummary })),
      })),
      incomplete: r.incomplete.map((v) => ({ id: v.id, count: v.nodes.length })),
    };
  }, tags);
}

async function a11yPage(context, origin, axeSource, urlPath, opts) {
  const findings = [];
  const add = (vp, f) => findings.push({ mode: 'a11y', page: urlPath, viewports: [vpName(vp)], ...f });
  const isNotFound = urlPath === '/404.html';
  const problems = [];
  const page = await openPage(context, origin, DESKTOP, problems);
  try {
    for (const vp of [DESKTOP, MOBILE]) {
      problems.length = 0;
      await page.setViewportSize(vp);
      try {
        await gotoChecked(page, origin, urlPath, 200);
      } catch (e) {
        add(vp, { rule: 'esite-page-load', impact: 'critical', help: 'Page did not load', nodes: [{ target: urlPath, detail: truncate(e.message, 400) }] });
        continue;
      }
      const res = await runAxe(page, axeSource, opts.axeTags);
      for (const v of res.violations) {
        add(vp, { rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ ...n, html: truncate(n.html, 240) })) });
      }
      if (opts.verbose && res.incomplete.length) {
        console.log(`  [needs review] ${urlPath} @${vpName(vp)}: ${res.incomplete.map((i) => `${i.id}(${i.count})`).join(', ')}`);
      }
      if (vp === DESKTOP) {
        // Every picture shows: loaded and decoded, not a broken-image box (a wrong address).
        const broken = await page.evaluate(async () => {
          const imgs = [...document.images];
          await Promise.all(imgs.map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; }))));
          return imgs
            .filter((i) => !(i.complete && i.naturalWidth > 0))
            .map((i) => ({ target: window.__esite.cssPath(i), html: window.__esite.snippet(i), detail: i.currentSrc || i.src }));
        });
        if (broken.length) {
          add(vp, { rule: 'esite-image-broken', impact: 'serious', help: 'An image did not load (naturalWidth 0)', nodes: broken });
        }
        const h1 = await page.evaluate(() =>
          [...document.querySelectorAll('h1')]
            .filter((h) => window.__esite.visible(h))
            .map((h) => ({ target: window.__esite.cssPath(h), html: window.__esite.snippet(h) })),
        );
        if (h1.length !== 1) {
          add(vp, {
            rule: 'esite-one-h1',
            impact: 'moderate',
            help: `Page must have exactly one visible <h1> (found ${h1.length})`,
            nodes: h1.length ? h1 : [{ target: 'body', detail: 'no h1' }],
          });
        }
      } else {
        const overflow = await page.evaluate(() => {
          const de = document.documentElement;
          const vw = window.innerWidth;
          if (de.scrollWidth <= vw) return null;
          const wide = [...document.body.querySelectorAll('*')].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > vw + 0.5;
          });
          // Report the innermost offenders: those with no overflowing descendant.
          const leaves = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
          return {
            scrollWidth: de.scrollWidth,
            innerWidth: vw,
            nodes: leaves.slice(0, 5).map((el) => ({
              target: window.__esite.cssPath(el),
              html: window.__esite.snippet(el),
              detail: `right edge at ${Math.round(el.getBoundingClientRect().right)} px`,
            })),
          };
        });
        if (overflow) {
          add(vp, {
            rule: 'esite-reflow-320',
            impact: 'serious',
            help: `Horizontal scrolling at 320 px wide (WCAG 1.4.10): scrollWidth ${overflow.scrollWidth} > innerWidth ${overflow.innerWidth}`,
            nodes: overflow.nodes.length ? overflow.nodes : [{ target: 'html' }],
          });
        }
      }
      for (const p of problems) add(vp, { rule: p.rule, impact: 'serious', help: p.help, nodes: [{ target: p.detail }] });
    }
  } finally {
    await page.close().catch(() => {});
  }
  if (isNotFound) {
    // Also make sure unknown URLs get the 404 page with a 404 status.
    const probe = await context.request.get(origin + '/esite-check-does-not-exist/').catch((e) => e);
    if (!(probe && typeof probe.status === 'function' && probe.status() === 404)) {
      findings.push({ mode: 'a11y', page: urlPath, rule: 'esite-404', impact: 'moderate', help: 'Unknown URLs should answer 404 with 404.html', nodes: [{ target: String(probe?.status?.() ?? probe) }] });
    }
  }
  return mergeViewports(findings);
}

/** Findings identical at both viewports are reported once, listing both viewports. */
function mergeViewports(findings) {
  const out = [];
  const byKey = new Map();
  for (const f of findings) {
    const key = JSON.stringify([f.page, f.rule, f.help, f.nodes.map((n) => n.target)]);
    const prev = byKey.get(key);
    if (prev) prev.viewports.push(...f.viewports.filter((v) => !prev.viewports.includes(v)));
    else {
      byKey.set(key, f);
      out.push(f);
    }
  }
  return out;
}

async function keyboardPage(context, origin, urlPath, opts = {}) {
  const findings = [];
  for (const vp of [DESKTOP, MOBILE]) {
    const add = (rule, help, nodes) => findings.push({ mode: 'keyboard', page: urlPath, viewports: [vpName(vp)], rule, impact: 'serious', help, nodes });
    const problems = [];
    const page = await openPage(context, origin, vp, problems);
    try {
      try {
        await gotoChecked(page, origin, urlPath, 200);
      } catch (e) {
        add('esite-page-load', 'Page did not load', [{ target: urlPath, detail: truncate(e.message, 400) }]);
        continue;
      }
      const expected = await page.evaluate(() => {
        window.__esiteList = window.__esite.focusables();
        return window.__esiteList.map((el, i) => ({ i, target: window.__esite.cssPath(el), html: window.__esite.snippet(el) }));
      });
      const state = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return { none: true };
          const h = window.__esite;
          return {
            none: false,
            idx: window.__esiteList.indexOf(el),
            scroller: h.isScroller(el),
            target: h.cssPath(el),
            html: h.snippet(el),
            indicator: h.focusIndicator(el),
            onScreen: h.onScreen(el),
            inMain: Boolean(el.closest('main')),
          };
        });

      // Pass 1: Tab from the top through the whole page.
      const seq = [];
      for (let step = 0; step < expected.length + 5; step++) {
        await page.keyboard.press('Tab');
        const s = await state();
        if (s.none) break;
        if (seq.length && s.idx !== -1 && s.idx === seq[0].idx) break; // wrapped around
        seq.push(s);
      }
      if (seq.length === 0) {
        add('esite-tab-order', 'Pressing Tab focuses nothing', [{ target: 'body' }]);
        continue;
      }

      // Skip link: first stop, a same-page link whose target is <main> or inside it.
      const skip = await page.evaluate(() => {
        const el = window.__esiteList[0];
        if (!el) return { ok: false, why: 'no focusable element' };
        const href = el.getAttribute('href') || '';
        const res = { target: window.__esite.cssPath(el), html: window.__esite.snippet(el), href };
        if (el.localName !== 'a' || !href.startsWith('#') || href.length < 2) return { ...res, ok: false, why: 'first focusable element is not a same-page link (skip link)' };
        const id = decodeURIComponent(href.slice(1));
        const t = document.getElementById(id);
        if (!t) return { ...res, ok: false, why: `its target ${href} does not exist` };
        if (!t.closest('main')) return { ...res, ok: false, why: `its target ${href} is not <main> or inside <main>` };
        return { ...res, ok: true };
      });
      const first = seq[0];
      if (first.idx !== 0 || !skip.ok) {
        add('esite-skip-link', `The first Tab stop must be a skip link to <main>: ${skip.ok ? 'focus went elsewhere' : skip.why}`, [
          { target: first.target, html: first.html, detail: 'first focused element' },
        ]);
      }

      if (opts.verbose) {
        console.log(`  keyboard ${urlPath} @${vpName(vp)}: ${seq.length} Tab stops (${expected.length} visible focusables); first: ${first.html}`);
      }

      // Tab order against the visible focusables in DOM order.
      const visited = seq.filter((s) => !(s.idx === -1 && s.scroller));
      const got = visited.map((s) => s.idx);
      const want = expected.map((e) => e.i);
      const mismatch = want.findIndex((w, k) => got[k] !== w);
      if (mismatch !== -1 || got.length !== want.length) {
        const k = mismatch === -1 ? want.length : mismatch;
        const gotS = visited[k];
        const wantS = expected[k];
        const missing = expected.filter((e) => !got.includes(e.i));
        const nodes = [
          {
            target: `Tab stop #${k + 1}`,
            detail: `focused ${gotS ? (gotS.idx === -1 ? 'an element not in the visible focusable list: ' : '') + gotS.target : 'nothing (left the page)'}; expected ${wantS ? wantS.target : 'nothing more'}`,
            html: gotS?.html,
          },
          ...missing.slice(0, 5).map((m) => ({ target: m.target, html: m.html, detail: 'never reached with Tab' })),
        ];
        add('esite-tab-order', 'Tab must visit every visible focusable element once, in document order', nodes);
      }

      // Focus indicator and on-screen position at each stop.
      const noIndicator = seq.filter((s) => !s.indicator.ok);
      if (noIndicator.length) {
        add('esite-focus-indicator', 'Focused element has no visible focus indicator (outline or box-shadow)', noIndicator.slice(0, 10).map((s) => ({ target: s.target, html: s.html, detail: s.indicator.style })));
      }
      const hidden = seq.filter((s) => !s.onScreen.ok);
      if (hidden.length) {
        add('esite-focus-visible', 'Focused element is not visible on screen', hidden.slice(0, 10).map((s) => ({ target: s.target, html: s.html, detail: s.onScreen.why })));
      }

      // Pass 2: Tab, Enter on the skip link: focus must land on/in <main>; the next Tab continues from there.
      if (skip.ok) {
        await gotoChecked(page, origin, urlPath, 200);
        await page.evaluate(() => {
          window.__esiteList = window.__esite.focusables();
        });
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(50);
        const after = await page.evaluate(() => {
          const el = document.activeElement;
          const href = window.__esiteList[0].getAttribute('href');
          const t = document.getElementById(decodeURIComponent(href.slice(1)));
          const list = window.__esiteList;
          const next = list.find((c) => c !== t && (t.contains(c) || t.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING));
          return {
            inMain: Boolean(el && el.closest && el.closest('main')),
            target: el ? window.__esite.cssPath(el) : 'null',
            html: el ? window.__esite.snippet(el) : '',
            hash: location.hash,
            nextIdx: next ? list.indexOf(next) : -1,
            nextTarget: next ? window.__esite.cssPath(next) : 'nothing',
          };
        });
        if (!after.inMain) {
          add('esite-skip-link', 'Enter on the skip link must move focus onto <main> or into it (give the target tabindex="-1")', [
            { target: after.target, html: after.html, detail: `focus after Enter (location.hash ${after.hash || 'empty'})` },
          ]);
        } else if (after.nextIdx !== -1) {
          await page.keyboard.press('Tab');
          const s = await state();
          if (s.none || s.idx !== after.nextIdx) {
            add('esite-skip-link', 'After the skip link, Tab must continue from the skip target', [
              { target: s.none ? 'nothing' : s.target, html: s.html, detail: `focused; expected ${after.nextTarget}` },
            ]);
          }
        }
      }
      for (const p of problems) add(p.rule, p.help, [{ target: p.detail }]);
    } finally {
      await page.close().catch(() => {});
    }
  }
  return mergeViewports(findings);
}

/**
 * Phone first: at 375x800 the first visible `tel:` link, or the region chooser of the call box,
 * lies within the first screen (800 px from the top of the page). A page with no phone number
 * at all must still show its call box (the region's web address) there.
 */
async function phonePage(context, origin, urlPath) {
  const problems = [];
  const page = await openPage(context, origin, PHONE, problems);
  const findings = [];
  const add = (rule, help, detail) =>
    findings.push({ mode: 'phone', page: urlPath, viewports: [vpName(PHONE)], rule, impact: 'serious', help, nodes: [{ target: urlPath, detail }] });
  try {
    await gotoChecked(page, origin, urlPath, 200);
    const at = await page.evaluate(() => {
      const top = (el) => el.getBoundingClientRect().top + window.scrollY;
      const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
      const visible = (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height > 0;
      const tels = [...document.querySelectorAll('a[href^="tel:"]')];
      const tel = tels.find(visible);
      const chooser = document.querySelector('.call-chooser');
      const box = document.querySelector('.call-box');
      return {
        tels: tels.length,
        tel: tel ? { bottom: bottom(tel), text: tel.textContent } : null,
        chooser: chooser && visible(chooser) ? top(chooser) : null,
        box: box && visible(box) ? top(box) : null,
      };
    });
    const limit = PHONE.height;
    const telOk = at.tel && at.tel.bottom <= limit;
    const chooserOk = at.chooser !== null && at.chooser <= limit;
    if (at.tels > 0 && !telOk && !chooserOk) {
      add(
        'esite-phone-first',
        `Neither the first phone link nor the region chooser is within the first ${limit} px at ${vpName(PHONE)}`,
        `first visible tel: link ${at.tel ? `"${at.tel.text}" ends at ${Math.round(at.tel.bottom)} px` : 'none'}; chooser ${at.chooser === null ? 'none' : `at ${Math.round(at.chooser)} px`}`,
      );
    } else if (at.tels === 0 && !(at.box !== null && at.box <= limit)) {
      add('esite-phone-first', `The page has no phone number, and its call box is not within the first ${limit} px`, `call box ${at.box === null ? 'none' : `at ${Math.round(at.box)} px`}`);
    }
  } catch (e) {
    add('esite-page-error', 'The page could not be checked', truncate(String(e?.message ?? e), 300));
  } finally {
    await page.close();
  }
  for (const p of problems) findings.push({ mode: 'phone', page: urlPath, viewports: [vpName(PHONE)], rule: p.rule, impact: 'serious', help: p.help, nodes: [{ target: urlPath, detail: p.detail }] });
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Report

function printReport(report, opts) {
  const byPage = new Map();
  for (const f of report.findings) {
    const key = `${f.mode}  ${f.page}`;
    if (!byPage.has(key)) byPage.set(key, []);
    byPage.get(key).push(f);
  }
  const lines = [];
  for (const [key, fs_] of byPage) {
    lines.push('', `== ${key}  (${fs_.length} problem${fs_.length === 1 ? '' : 's'})`);
    for (const f of fs_) {
      const vps = f.viewports ? ` @${f.viewports.join(',')}` : '';
      lines.push(`  [${f.impact ?? 'error'}] ${f.rule}${vps}: ${f.help}${f.helpUrl ? ` (${f.helpUrl})` : ''}`);
      for (const n of f.nodes.slice(0, 8)) {
        lines.push(`      - ${n.target}`);
        if (n.html) lines.push(`        html: ${truncate(n.html, 240)}`);
        if (n.detail) lines.push(`        ${truncate(n.detail, 400).replace(/\n/g, ' ')}`);
      }
      if (f.nodes.length > 8) lines.push(`      … and ${f.nodes.length - 8} more`);
    }
  }
  if (lines.length) console.log(lines.join('\n'));
  console.log('');
  for (const [mode, t] of Object.entries(report.seconds)) {
    console.log(`${mode}: ${report.checked[mode] ?? 0} page(s) checked in ${t.toFixed(1)} s`);
  }
  const n = report.findings.length;
  console.log(n === 0 ? 'RESULT: OK, no problems found' : `RESULT: FAIL, ${n} problem${n === 1 ? '' : 's'} found`);
}

function summaryLine(report, opts, extra = {}) {
  const nodes = report.findings.reduce((a, f) => a + f.nodes.length, 0);
  const byMode = {};
  for (const f of report.findings) byMode[f.mode] = (byMode[f.mode] ?? 0) + 1;
  return (
    'esite-check-summary ' +
    JSON.stringify({
      ok: report.findings.length === 0 && !extra.harnessError,
      modes: report.modes,
      checked: report.checked,
      problems: report.findings.length,
      nodes,
      byMode,
      rules: [...new Set(report.findings.map((f) => f.rule))].sort(),
      seconds: report.seconds,
      dir: opts?.dir ? path.resolve(opts.dir) : null,
      ...extra,
    })
  );
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(report) {
  const opts = parseArgs(process.argv.slice(2));
  report.opts = opts;
  const dir = path.resolve(opts.dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new HarnessError(`site folder not found: ${dir}`);
  const allFiles = listHtmlFiles(dir);
  if (allFiles.length === 0) throw new HarnessError(`no *.html files under ${dir} (was the site built?)`);

  const modes = opts.mode === 'all' ? ['vnu', 'a11y', ...(opts.keyboardPages.length ? ['keyboard'] : [])] : [opts.mode];
  report.modes = modes;

  if (modes.includes('vnu')) {
    const t0 = performance.now();
    await checkVnu(dir, report);
    report.seconds.vnu = (performance.now() - t0) / 1000;
  }

  if (modes.includes('a11y') || modes.includes('keyboard') || modes.includes('phone')) {
    const server = await serveDir(dir);
    let browser;
    try {
      browser = await launchBrowser({ viewport: DESKTOP, needs: [AXE_PATH] });
      const { context } = browser;
      // Nothing but the local server may be contacted.
      await context.route(
        (url) => !(url.origin === server.origin),
        (route) => route.abort('blockedbyclient'),
      );

      if (modes.includes('a11y')) {
        const t0 = performance.now();
        const axeSource = fs.readFileSync(AXE_PATH, 'utf8');
        let pages = allFiles.map(fileToUrlPath);
        if (opts.pages.length) {
          const want = new Set(opts.pages.map((p) => fileToUrlPath(urlPathToFile(dir, p))));
          pages = pages.filter((p) => want.has(p));
          const missing = [...want].filter((p) => !pages.includes(p));
          if (missing.length) throw new HarnessError(`--page not found in the site: ${missing.join(', ')}`);
        }
        const results = await pool(pages, opts.concurrency, async (p) => {
          const r = await a11yPage(context, server.origin, axeSource, p, opts);
          if (opts.verbose) console.log(`  a11y ${p}: ${r.length ? r.length + ' problem(s)' : 'ok'}`);
          return r;
        });
        for (const r of results) report.findings.push(...r);
        report.checked.a11y = pages.length;
        report.seconds.a11y = (performance.now() - t0) / 1000;
      }

      if (modes.includes('keyboard')) {
        const t0 = performance.now();
        const results = await pool(opts.keyboardPages, opts.concurrency, async (p) => {
          const rel = urlPathToFile(dir, p);
          if (!fs.existsSync(path.join(dir, rel))) {
            return [{ mode: 'keyboard', page: p, rule: 'esite-page-missing', impact: 'critical', help: `Keyboard test page does not exist in the built site (${rel})`, nodes: [{ target: p }] }];
          }
          return keyboardPage(context, server.origin, p, opts);
        });
        for (const r of results) report.findings.push(...r);
        report.checked.keyboard = opts.keyboardPages.length;
        report.seconds.keyboard = (performance.now() - t0) / 1000;
      }
      if (modes.includes('phone')) {
        const t0 = performance.now();
        const results = await pool(opts.phonePages, opts.concurrency, async (p) => {
          const rel = urlPathToFile(dir, p);
          if (!fs.existsSync(path.join(dir, rel))) {
            return [{ mode: 'phone', page: p, rule: 'esite-page-missing', impact: 'critical', help: `Phone test page does not exist in the built site (${rel})`, nodes: [{ target: p }] }];
          }
          const r = await phonePage(context, server.origin, p);
          if (opts.verbose) console.log(`  phone ${p}: ${r.length ? r.length + ' problem(s)' : 'ok'}`);
          return r;
        });
        for (const r of results) report.findings.push(...r);
        report.checked.phone = opts.phonePages.length;
        report.seconds.phone = (performance.now() - t0) / 1000;
      }
    } finally {
      if (browser) await browser.close();
      await server.close();
    }
  }

  printReport(report, opts);
  if (opts.jsonOut) fs.writeFileSync(opts.jsonOut, JSON.stringify({ ...report, opts: undefined }, null, 2));
  console.log(summaryLine(report, opts));
  return report.findings.length === 0 ? 0 : 1;
}

const report = { modes: [], findings: [], checked: {}, seconds: {}, opts: null };
main(report).then(
  (code) => process.exit(code),
  (err) => {
    const msg = err instanceof HarnessError ? err.message : err && err.stack ? err.stack : String(err);
    console.error(`check-site: harness error: ${msg}`);
    if (report.opts?.jsonOut) {
      try {
        fs.writeFileSync(report.opts.jsonOut, JSON.stringify({ ...report, opts: undefined, harnessError: String(err?.message ?? err) }, null, 2));
      } catch {
        /* the exit code says enough */
      }
    }
    console.log(summaryLine(report, report.opts, { harnessError: truncate(err?.message ?? err, 300) }));
    process.exit(2);
  },
);
