// Search in the reader's language: Pagefind picks the index of the page's <html lang>.
(function () {
  "use strict";

  // pagefind/ sits at the site root; Material's config gives the relative way there.
  function siteRoot() {
    var node = document.getElementById("__config");
    var base = node ? JSON.parse(node.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
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

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // Pagefind also matches fragments of a word it does not know ("a" inside "abonnement" on
  // the English index): keep a result only if a highlighted word resembles a query word.
  function resembles(data, query) {
    var terms = fold(query).split(" ").filter(Boolean);
    var marked = (data.excerpt.match(/<mark>(.*?)<\/mark>/g) || []).map(function (m) {
      return fold(m.replace(/<\/?mark>/g, ""));
    });
    return marked.some(function (word) {
      return terms.some(function (term) {
        var size = Math.min(3, term.length);
        return word.length >= size && word.slice(0, size) === term.slice(0, size);
      });
    });
  }

  function say(template, count, query) {
    return template.replace("{n}", String(count)).replace("{q}", query);
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    var title = document.createElement("span");
    title.className = "hc-article-list__title";
    title.textContent = data.meta.title || data.url;
    var lede = document.createElement("span");
    lede.className = "hc-article-list__lede";
    lede.textContent = data.meta.lede || "";
    link.append(title, lede);
    li.append(link);
    return li;
  }

  function show(region, query) {
    var status = region.querySelector("[role=status]");
    var list = region.querySelector("ul");
    region.hidden = false;
    list.replaceChildren();
    status.textContent = "";
    return loadEngine()
      .then(function (pf) { return pf.search(query); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (all) {
        var items = all.filter(function (data) { return resembles(data, query); });
        var key = items.length === 0 ? "none" : items.length === 1 ? "countOne" : "countOther";
        status.textContent = say(region.dataset[key], items.length, query);
        items.forEach(function (data) { list.append(item(data)); });
        region.setAttribute("data-hc-search-done", "");
      })
      .catch(function () {
        status.textContent = region.dataset.unavailable;
        region.setAttribute("data-hc-search-done", "");
      });
  }

  function init() {
    var region = document.querySelector("[data-hc-search-results]");
    if (!region) return;
    var form = document.querySelector("form[data-hc-search]");
    var input = form && form.querySelector("input[name=q]");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var query = input.value.trim();
        if (!query) return;
        var url = new URL(window.location.href);
        url.searchParams.set("q", query);
        history.replaceState(null, "", url);
        region.removeAttribute("data-hc-search-done");
        show(region, query);
      });
    }
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial && initial.trim()) {
      if (input) input.value = initial;
      show(region, initial.trim());
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
