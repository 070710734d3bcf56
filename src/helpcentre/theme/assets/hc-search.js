// Search in the reader's language. Pagefind finds the words in the articles' bodies; this
// script first reads the query as a reader means it (typos corrected against the words of
// the articles, synonyms of data/synonyms.yml, stop words and question words dropped),
// then ranks title, keyword and lede matches above body matches (hc-search/<lang>.json.gz).
// What a language's words are (stop words, prefixes, endings) comes with its search file,
// from helpcentre/search/words/<lang>.yml: nothing here names a language.
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var SETTLED_MS = 1500; // an as-you-type query with no result counts as a miss after this
  var SHOWN = 10; // results drawn
  var FETCHED = 8; // Pagefind results whose page data is read to join them to articles
  var TITLE = 3, LEDE = 2; // a body match scores at most 1

  function siteRoot() {
    var node = document.getElementById("__config");
    var base = node ? JSON.parse(node.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
  }

  // -- text ------------------------------------------------------------------------------

  // Accents, Arabic harakat and hamza seats, Hebrew niqqud (non-spacing marks) and the
  // Arabic tatweel off, as helpcentre.search.text.fold does for the articles' words.
  function fold(text) {
    return text.normalize("NFD").replace(/[\p{Mn}\u0640]/gu, "").toLowerCase();
  }

  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var KEPT = 3; // letters a stem keeps at least

  // A light stem: a written-on prefix ("ال" of Arabic) and a plural or common ending
  // off, so "annulez" meets "annuler", "cancelled" "cancel" and "الفاتورة" "فاتورة"
  // (Pagefind stems the bodies itself). `rules`: the language's prefixes and endings.
  function stem(word, rules) {
    var base = word;
    var prefixes = rules.prefixes, endings = rules.endings;
    for (var p = 0; p < prefixes.length; p++) {
      var start = prefixes[p];
      if (base.length - start.length >= KEPT && base.slice(0, start.length) === start) {
        base = base.slice(start.length);
        break;
      }
    }
    for (var i = 0; i < endings.length; i++) {
      var rule = endings[i].split("="), end = rule[0], instead = rule[1] || "";
      if (base.length - end.length >= KEPT - instead.length && base.slice(-end.length) === end) {
        base = base.slice(0, -end.length) + instead;
        break;
      }
    }
    if (/([^aeiouy])\1$/.test(base)) base = base.slice(0, -1);
    return base;
  }

  // Optimal string alignment distance (a swap of two letters counts as one), cut at `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], row;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, prev2[j - 2] + 1);
        }
        row.push(value);
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // Typos forgiven: one in a word of 5 letters or more, two from 9 letters.
  function allowedTypos(word) {
    return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
  }

  // -- the language's search file ------------------------------------------------------------

  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || !window.DecompressionStream) {
      return Promise.resolve(new TextDecoder().decode(bytes)); // already inflated by the server
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  function prepare(raw) {
    var rules = { prefixes: raw.prefixes || [], endings: raw.endings || [] };
    var data = {
      lang: raw.lang,
      rules: rules,
      stop: new Set(raw.stop),
      words: raw.words ? raw.words.split(" ") : [],
      known: new Set(),
      phrases: {}, // first word's stem -> [{stems, group}]
      groups: [],
      docs: [],
      byUrl: {},
      byFragment: {},
      suggested: raw.suggested
    };
    data.indexed = new Set(data.words);
    data.indexedStems = new Set();
    data.words.forEach(function (w) { data.known.add(w); data.indexedStems.add(stem(w, rules)); });
    raw.synonyms.forEach(function (group, index) {
      var alternatives = group.map(function (phrase) { return phrase.split(" "); });
      data.groups.push(alternatives);
      alternatives.forEach(function (words) {
        words.forEach(function (w) { data.known.add(w); });
        var stems = words.map(function (w) { return stem(w, rules); });
        (data.phrases[stems[0]] = data.phrases[stems[0]] || []).push({ stems: stems, group: index });
      });
    });
    raw.docs.forEach(function (row, index) {
      var doc = {
        index: index, url: row[0], title: row[1], lede: row[2],
        collection: raw.collections[row[3]], keywords: row[4],
        // A title served from the source language's file keeps its language and direction.
        textLang: row[6] || "", collectionLang: row[7] || "", directions: raw.directions || {}
      };
      doc.titleStems = stemSet(row[1] + " " + row[4].join(" "), rules);
      doc.ledeStems = stemSet(row[2], rules);
      data.docs.push(doc);
      data.byUrl[doc.url] = doc;
      if (row[5]) data.byFragment[row[5]] = doc;
    });
    return data;
  }

  function stemSet(text, rules) {
    var set = new Set();
    tokens(text).forEach(function (w) { set.add(stem(w, rules)); });
    return set;
  }

  var loaded = {};
  function loadData(lang) {
    if (!loaded[lang]) {
      var url = new URL("hc-search/" + lang + ".json.gz", siteRoot());
      loaded[lang] = fetch(url)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.arrayBuffer(); })
        .then(inflate)
        .then(function (text) { return prepare(JSON.parse(text)); });
    }
    return loaded[lang];
  }

  var engine = null;
  function loadEngine() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteRoot()).href).then(function (pf) {
        return pf.init().then(function () { return pf; });
      });
    }
    return engine;
  }

  // -- reading the query ---------------------------------------------------------------------

  function correct(word, data) {
    var limit = allowedTypos(word);
    if (!limit || data.known.has(word) || data.stop.has(word) || /\d/.test(word)) return word;
    var best = null, bestDistance = limit + 1;
    for (var i = 0; i < data.words.length && bestDistance > 1; i++) {
      var d = distance(word, data.words[i], Math.min(limit, bestDistance - 1));
      if (d < bestDistance) { best = data.words[i]; bestDistance = d; }
    }
    return best || word;
  }

  function indexed(word, data) {
    if (data.indexed.has(word)) return true;
    var root = stem(word, data.rules);
    if (data.indexedStems.has(root)) return true;
    if (root.length < 3) return false;
    return data.words.some(function (w) { return w.slice(0, root.length) === root; });
  }

  // A close word of the articles for a query word nothing matched ("did you mean").
  function closeWord(word, data) {
    if (word.length < 3 || data.stop.has(word) || /\d/.test(word)) return null;
    var limit = word.length >= 9 ? 3 : word.length >= 5 ? 2 : 1;
    var best = null, bestDistance = limit + 1;
    for (var i = 0; i < data.words.length; i++) {
      var candidate = data.words[i];
      if (candidate.length < 3 || candidate === word) continue;
      var d = distance(word, candidate, Math.min(limit, bestDistance - 1));
      if (d < bestDistance) { best = candidate; bestDistance = d; }
    }
    return best;
  }

  // The query as concepts: each a list of alternatives (word lists) any of which answers it.
  function analyse(query, data) {
    var rules = data.rules;
    var words = tokens(query).map(function (w) { return correct(w, data); });
    var stems = words.map(function (w) { return stem(w, rules); });
    var concepts = [];
    var i = 0;
    while (i < words.length) {
      var match = null;
      (data.phrases[stems[i]] || []).forEach(function (phrase) {
        var n = phrase.stems.length;
        if (match && match.stems.length >= n) return;
        for (var k = 0; k < n; k++) if (stems[i + k] !== phrase.stems[k]) return;
        match = phrase;
      });
      if (match) {
        var alternatives = data.groups[match.group].map(function (ws) {
          return ws.filter(function (w) { return !data.stop.has(w); });
        }).filter(function (ws) { return ws.length; });
        if (alternatives.length) concepts.push({ alternatives: alternatives, words: words.slice(i, i + match.stems.length) });
        i += match.stems.length;
      } else {
        if (!data.stop.has(words[i]) && words[i].length > 1) {
          concepts.push({ alternatives: [[words[i]]], words: [words[i]] });
        }
        i += 1;
      }
    }
    return { words: words, concepts: concepts };
  }

  // -- ranking -------------------------------------------------------------------------------

  function fieldScore(doc, alternatives, rules) {
    var best = 0;
    alternatives.forEach(function (ws) {
      var stems = ws.map(function (w) { return stem(w, rules); });
      var all = function (set) { return stems.every(function (s) { return set.has(s); }); };
      if (all(doc.titleStems)) best = Math.max(best, TITLE);
      else if (all(doc.ledeStems)) best = Math.max(best, LEDE);
    });
    return best;
  }

  function rank(query, data, pf) {
    var reading = analyse(query, data);
    var concepts = reading.concepts;
    if (!concepts.length) return Promise.resolve({ reading: reading, results: [] });
    var searches = {};
    concepts.forEach(function (c) {
      c.alternatives.forEach(function (ws) {
        // Pagefind matches pieces of a word its index lacks ("a" of "abonnement" on the
        // English index): ask it only for words the articles have, whole or as a stem.
        if (ws.every(function (w) { return indexed(w, data); })) searches[ws.join(" ")] = null;
      });
    });
    var phrases = Object.keys(searches);
    return Promise.all(phrases.map(function (p) { return pf.search(p); })).then(function (found) {
      phrases.forEach(function (p, k) { searches[p] = found[k].results; });
      var count = data.docs.length || 1;
      var body = {}; // Pagefind id -> {result, score}
      var perConcept = concepts.map(function (c) {
        var hits = {}; // Pagefind id -> normalised body score for this concept
        var matchedDocs = 0;
        c.alternatives.forEach(function (ws) {
          var results = searches[ws.join(" ")] || []; // null: not asked
          var top = results.length ? results[0].score || 1 : 1;
          results.forEach(function (r) {
            hits[r.id] = Math.max(hits[r.id] || 0, Math.min(1, (r.score || top) / top));
            body[r.id] = body[r.id] || { result: r, score: 0, concepts: {} };
          });
        });
        var docScores = data.docs.map(function (doc) {
          var s = fieldScore(doc, c.alternatives, data.rules);
          if (s) matchedDocs += 1;
          return s;
        });
        var df = Math.max(Object.keys(hits).length, matchedDocs, 1);
        return { hits: hits, docScores: docScores, weight: Math.log(1 + count / df) };
      });
      perConcept.forEach(function (pc, ci) {
        Object.keys(pc.hits).forEach(function (id) {
          body[id].score += pc.weight * pc.hits[id];
          body[id].concepts[ci] = pc.hits[id];
        });
      });
      // Pagefind's ids are joined to articles through the search file; an id it does not
      // name (a site indexed by another Pagefind) is joined by reading the page's data.
      var known = {}, unknown = [];
      Object.keys(body).forEach(function (id) {
        var doc = data.byFragment[id];
        if (doc) known[doc.index] = body[id]; else unknown.push(body[id]);
      });
      unknown.sort(function (a, b) { return b.score - a.score; });
      unknown = unknown.slice(0, FETCHED);
      return Promise.all(unknown.map(function (c) { return c.result.data(); })).then(function (pages) {
        pages.forEach(function (page, k) {
          var doc = data.byUrl[new URL(page.url, "http://x/").pathname];
          if (doc) { known[doc.index] = unknown[k]; unknown[k].page = page; }
        });
        var scored = data.docs.map(function (doc) {
          var score = 0;
          var hit = known[doc.index];
          var concepts = hit ? hit.concepts : {};
          perConcept.forEach(function (pc, ci) {
            score += pc.weight * Math.max(pc.docScores[doc.index], concepts[ci] || 0);
          });
          return { doc: doc, score: score, hit: hit || null };
        }).filter(function (s) { return s.score > 0; });
        scored.sort(function (a, b) { return b.score - a.score || a.doc.index - b.doc.index; });
        var best = scored.length ? scored[0].score : 0;
        var results = scored.filter(function (s) { return s.score >= best * 0.15; }).slice(0, SHOWN);
        return { reading: reading, results: results };
      });
    });
  }

  // -- drawing -------------------------------------------------------------------------------

  function markedStems(reading, rules) {
    var set = new Set();
    reading.concepts.forEach(function (c) {
      c.words.concat.apply(c.words, c.alternatives).forEach(function (w) { set.add(stem(w, rules)); });
    });
    return set;
  }

  // About 28 words of `text` around the most query words, the matched ones in <mark>.
  function excerpt(text, wanted, rules) {
    var parts = [];
    var re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text))) parts.push({ start: m.index, end: re.lastIndex, hit: wanted.has(stem(fold(m[0]), rules)) });
    if (!parts.length) return document.createTextNode("");
    var size = 28, bestStart = 0, bestHits = -1;
    for (var i = 0; i < parts.length; i += 1) {
      var seen = new Set();
      for (var k = i; k < Math.min(parts.length, i + size); k++) {
        if (parts[k].hit) seen.add(fold(text.slice(parts[k].start, parts[k].end)));
      }
      if (seen.size > bestHits) { bestHits = seen.size; bestStart = i; }
      if (i + size >= parts.length) break;
    }
    var first = Math.max(0, bestStart - (bestStart > 3 ? 3 : bestStart));
    var last = Math.min(parts.length, first + size) - 1;
    var fragment = document.createDocumentFragment();
    var cursor = parts[first].start;
    if (first > 0) fragment.append("… ");
    for (var p = first; p <= last; p++) {
      if (!parts[p].hit) continue;
      fragment.append(text.slice(cursor, parts[p].start));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(parts[p].start, parts[p].end);
      fragment.append(mark);
      cursor = parts[p].end;
    }
    fragment.append(text.slice(cursor, parts[last].end));
    if (last < parts.length - 1) fragment.append(" …");
    return fragment;
  }

  function href(url) {
    return siteRoot().pathname + url.replace(/^\//, "");
  }

  function marked(node, lang, doc) {
    if (!lang) return;
    node.lang = lang;
    node.dir = doc.directions[lang] || "auto";
  }

  function item(doc, excerptNode) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = href(doc.url);
    var title = document.createElement("span");
    title.className = "hc-article-list__title";
    title.textContent = doc.title;
    var collection = document.createElement("span");
    collection.className = "hc-search-results__collection";
    collection.textContent = doc.collection;
    var lede = document.createElement("span");
    lede.className = "hc-article-list__lede";
    if (excerptNode) lede.append(excerptNode); else lede.textContent = doc.lede;
    marked(title, doc.textLang, doc);
    marked(collection, doc.collectionLang, doc);
    marked(lede, doc.textLang, doc);
    link.append(title, collection, lede);
    li.append(link);
    return li;
  }

  // The status line: the template with its count, and the reader's query in <bdi> (typed
  // in any script, it keeps its own direction inside the sentence: a Latin query in an
  // Arabic line, an Arabic one in a French line).
  function say(node, template, count, query) {
    var text = template.replace("{n}", String(count));
    var at = text.indexOf("{q}");
    if (at < 0) { node.textContent = text; return; }
    var typed = document.createElement("bdi");
    typed.textContent = query;
    node.replaceChildren(text.slice(0, at), typed, text.slice(at + 3));
  }

  // "Did you mean …": the template's {q} becomes a link that runs the corrected search.
  function didYouMean(node, template, corrected, run) {
    node.replaceChildren();
    var at = template.indexOf("{q}");
    var link = document.createElement("a");
    link.href = "?q=" + encodeURIComponent(corrected);
    link.textContent = corrected;
    link.dir = "auto"; // isolated, in the direction of its own words
    link.addEventListener("click", function (event) {
      event.preventDefault();
      run(corrected, true);
    });
    node.append(template.slice(0, at), link, template.slice(at + 3));
    node.hidden = false;
  }

  // -- unanswered queries ------------------------------------------------------------------

  // Lower case, spaces collapsed; nothing that could hold a number or an address.
  function normalised(query) {
    var text = query.toLowerCase().replace(/\s+/g, " ").trim();
    if (!text || text.length > 60 || /[0-9@]/.test(text)) return null;
    return text;
  }

  var reported = new Set();
  function reportMiss(region, query) {
    var endpoint = region.dataset.endpoint;
    var text = normalised(query);
    if (!endpoint || !text || reported.has(text) || !window.fetch) return;
    reported.add(text);
    var target;
    try { target = new URL("search-miss", endpoint); } catch (error) { return; }
    window.fetch(target, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lang: region.dataset.lang, query: text, build: region.dataset.build })
    }).catch(function () { /* counting misses is best effort */ });
  }

  // -- the page ------------------------------------------------------------------------------

  function setUp(region) {
    var status = region.querySelector("[role=status]");
    var list = region.querySelector(".hc-search-results__list");
    var none = region.querySelector("[data-hc-search-none]");
    var meant = region.querySelector("[data-hc-did-you-mean]");
    var suggestions = region.querySelector(".hc-search-results__suggested");
    var form = document.querySelector("form[data-hc-search]");
    var input = form && form.querySelector("input[name=q]");
    var lang = region.dataset.lang || document.documentElement.lang || "en";
    var generation = 0, typingTimer = null, missTimer = null;

    function clear() {
      generation += 1;
      region.hidden = true;
      region.removeAttribute("data-hc-search-done");
      list.replaceChildren();
      status.textContent = "";
    }

    function showNone(data, reading, query) {
      if (!none) return;
      meant.hidden = true;
      var changed = false;
      var fixed = reading.words.map(function (w) {
        var close = data.known.has(w) ? null : closeWord(w, data);
        if (close) changed = true;
        return close || w;
      });
      if (changed) didYouMean(meant, region.dataset.didYouMean, fixed.join(" "), run);
      suggestions.replaceChildren();
      data.suggested.forEach(function (index) { suggestions.append(item(data.docs[index], null)); });
      none.hidden = false;
    }

    // settled: a submitted search, or one from the address (an unanswered one is counted)
    function run(query, settled) {
      var mine = ++generation;
      clearTimeout(missTimer);
      if (input && input.value !== query) input.value = query;
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      history.replaceState(null, "", url);
      region.hidden = false;
      region.removeAttribute("data-hc-search-done");
      return Promise.all([loadEngine(), loadData(lang)])
        .then(function (both) {
          return rank(query, both[1], both[0]).then(function (ranked) {
            return { data: both[1], ranked: ranked };
          });
        })
        .then(function (out) {
          if (mine !== generation) return;
          var results = out.ranked.results;
          var wanted = markedStems(out.ranked.reading, out.data.rules);
          list.replaceChildren();
          if (none) none.hidden = true;
          // Titles and ledes first; the excerpts of the pages' text follow.
          var ledes = results.map(function (r) {
            var li = item(r.doc, excerpt(r.doc.lede, wanted, out.data.rules));
            list.append(li);
            return li.querySelector(".hc-article-list__lede");
          });
          var excerpts = Promise.all(results.map(function (r, k) {
            if (!r.hit) return null;
            var page = r.hit.page ? Promise.resolve(r.hit.page) : r.hit.result.data();
            return page.then(function (p) {
              if (mine === generation) ledes[k].replaceChildren(excerpt(p.content, wanted, out.data.rules));
            });
          }));
          var key = results.length === 0 ? "none" : results.length === 1 ? "countOne" : "countOther";
          say(status, region.dataset[key], results.length, query);
          if (!results.length) {
            showNone(out.data, out.ranked.reading, query);
            if (settled) reportMiss(region, query);
            else missTimer = setTimeout(function () { reportMiss(region, query); }, SETTLED_MS);
          }
          return excerpts.then(function () {
            if (mine === generation) region.setAttribute("data-hc-search-done", "");
          });
        })
        .catch(function () {
          if (mine !== generation) return;
          status.textContent = region.dataset.unavailable;
          region.setAttribute("data-hc-search-done", "");
        });
    }

    function links() {
      return Array.prototype.slice.call(region.querySelectorAll(".hc-search-results__list a"));
    }

    function onKey(event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && (at >= 0)) {
        event.preventDefault();
        if (at === 0 && input) input.focus(); else all[at - 1].focus();
      } else if (event.key === "Escape" && (at >= 0 || event.target === input)) {
        event.preventDefault();
        if (input) { input.value = ""; input.focus(); }
        clear();
        var url = new URL(window.location.href);
        url.searchParams.delete("q");
        history.replaceState(null, "", url);
      }
    }

    if (form && input) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(typingTimer);
        var query = input.value.trim();
        if (query) run(query, true); else clear();
      });
      input.addEventListener("input", function () {
        clearTimeout(typingTimer);
        clearTimeout(missTimer);
        var query = input.value.trim();
        typingTimer = setTimeout(function () {
          if (query) run(query, false); else clear();
        }, DEBOUNCE_MS);
      });
      // Start fetching the engine and the words as soon as the reader heads for the box and,
      // once the home page (the only one drawing results) is idle: searching is what most
      // readers come to it for.
      input.addEventListener("focus", function () { loadEngine(); loadData(lang); }, { once: true });
      if ("requestIdleCallback" in window) {
        window.requestIdleCallback(function () { loadEngine(); loadData(lang); }, { timeout: 2000 });
      }
      input.addEventListener("keydown", onKey);
    }
    region.addEventListener("keydown", onKey);

    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial && initial.trim()) run(initial.trim(), true);
  }

  function init() {
    var region = document.querySelector("[data-hc-search-results]");
    if (region) setUp(region);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
