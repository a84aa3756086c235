// The site search of esite's default theme. It reads the language's index (written by
// src/render/search_index.rs, format 1) and lists the pages that hold every typed word, best
// first. It is an enhancement: without it the search page lists every service A–Z.
(function () {
  'use strict';
  var box = document.getElementById('search');
  var field = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!box || !field || !status || !list || !window.fetch) return;
  var lang = document.documentElement.lang;
  var pages = null;
  var table = [];
  var timer = 0;

  // As fold() and words() in search_index.rs: lower case, accents dropped, runs of letters
  // and digits.
  function fold(s) {
    return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  }
  function words(s) {
    var found = fold(s).match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    return found.filter(function (w, i) { return found.indexOf(w) === i; });
  }
  function ids(deltas) {
    var at = 0;
    return deltas.map(function (d) { return (at += d); });
  }

  // How well a stored word answers a typed one: the word itself, its beginning, or (for three
  // letters or more) any part of it, which finds "työ" in "perhetyö".
  function grade(word, q) {
    if (word === q) return 3;
    if (word.lastIndexOf(q, 0) === 0) return 2;
    return q.length >= 3 && word.indexOf(q) >= 0 ? 1 : 0;
  }
  function best(list, q, weight) {
    var g = 0;
    for (var i = 0; i < list.length && g < 3; i++) g = Math.max(g, grade(list[i], q));
    return g * weight;
  }
  function bestId(list, grades, weight) {
    var g = 0;
    for (var i = 0; i < list.length && g < 3; i++) g = Math.max(g, grades[list[i]]);
    return g * weight;
  }

  // Title before keywords before summary before text; every typed word must be somewhere.
  function search(query) {
    var qs = words(query);
    if (!qs.length) return null;
    var scores = pages.map(function () { return 0; });
    qs.forEach(function (q) {
      var grades = new Uint8Array(table.length);
      table.forEach(function (w, i) { grades[i] = grade(w, q); });
      pages.forEach(function (p, i) {
        if (scores[i] < 0) return;
        var s = Math.max(best(p.t, q, 8), bestId(p.k, grades, 4), best(p.s, q, 2), bestId(p.w, grades, 1));
        scores[i] = s ? scores[i] + s : -1;
      });
    });
    return pages
      .map(function (p, i) { return [p, scores[i]]; })
      .filter(function (x) { return x[1] > 0; })
      .sort(function (a, b) { return b[1] - a[1] || a[0].title.localeCompare(b[0].title, lang); })
      .map(function (x) { return x[0]; });
  }

  function say(key, query, n) {
    status.textContent = box.dataset[key].replace('{q}', query.trim()).replace('{n}', String(n));
  }

  function show(query) {
    var found = search(query);
    list.textContent = '';
    if (!found) {
      status.textContent = '';
      return;
    }
    found.forEach(function (p) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.className = 'service-link';
      link.href = p.url;
      link.textContent = p.title;
      var summary = document.createElement('p');
      summary.textContent = p.summary;
      item.append(link, summary);
      list.append(item);
    });
    say(found.length === 0 ? 'none' : found.length === 1 ? 'one' : 'many', query, found.length);
  }

  // The address keeps the query, so a result can be shared or come back to; one history entry.
  function run() {
    clearTimeout(timer);
    var url = new URL(location.href);
    if (field.value.trim()) url.searchParams.set('q', field.value);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (pages) show(field.value);
  }

  box.hidden = false;
  var nojs = document.getElementById('search-nojs');
  if (nojs) nojs.hidden = true;
  field.value = new URLSearchParams(location.search).get('q') || '';
  field.form.addEventListener('submit', function (e) {
    e.preventDefault();
    run();
  });
  // Results follow the typing after a short pause, so the count is read once, not per key.
  field.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });

  fetch(box.dataset.index)
    .then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then(function (data) {
      table = data.words;
      pages = data.pages.map(function (p) {
        return { url: data.home + p.u, title: p.t, summary: p.s, t: words(p.t), s: words(p.s), k: ids(p.k), w: ids(p.w) };
      });
      if (field.value.trim()) show(field.value);
    })
    .catch(function () {
      say('failed', '', 0);
    });
})();
