// Help-centre behaviour: relative "Updated" dates, the language switcher keeping the
// section (search lives in hc-search.js).
(function () {
  "use strict";

  var DAY = 24 * 60 * 60 * 1000;

  // "9 days ago" / "il y a 9 jours" in the page's language, from <time datetime>.
  function relativeText(date, lang, now) {
    // Whole calendar days between the two dates, so a change made this morning is "today".
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((date.getTime() - today.getTime()) / DAY);
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    var size = Math.abs(days);
    if (size < 31) return format.format(days, "day");
    if (size < 365) return format.format(Math.round(days / 30), "month");
    return format.format(Math.round(days / 365), "year");
  }

  function showRelativeDates(root) {
    var lang = document.documentElement.lang || "fr";
    var now = new Date();
    root.querySelectorAll("time[data-hc-relative]").forEach(function (node) {
      var date = new Date(node.getAttribute("datetime") + "T00:00:00");
      if (isNaN(date.getTime())) return;
      node.textContent = relativeText(date, lang, now);
    });
  }

  // The article's section headings (h2-h6 with an id), in order.
  function sections(root) {
    return Array.prototype.slice.call(
      root.querySelectorAll(".hc-body h2[id], .hc-body h3[id], .hc-body h4[id], .hc-body h5[id], .hc-body h6[id]")
    );
  }

  // The section of `theirs` (another language's page) matching section `index` of `mine`:
  // the same id when it exists there, else the same position when both pages have the
  // same outline (same number of headings, same levels); "" when neither holds.
  function matchingSection(id, index, mine, theirs, doc) {
    if (doc.getElementById(id)) return id;
    if (theirs.length !== mine.length) return "";
    for (var i = 0; i < mine.length; i++) {
      if (mine[i].tagName !== theirs[i].tagName) return "";
    }
    return theirs[index].id;
  }

  // Language switcher: keep the reader's section (#anchor) when the other language's
  // page has the same one; its ids are in that language, so the page is read to find it.
  function keepSectionOnLanguageSwitch(event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link || !window.location.hash || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var id = decodeURIComponent(window.location.hash.slice(1));
    var mine = sections(document);
    var index = mine.findIndex(function (heading) { return heading.id === id; });
    if (index < 0) return;
    event.preventDefault();
    var target = new URL(link.href);
    target.hash = "";
    fetch(target.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var anchor = matchingSection(id, index, mine, sections(doc), doc);
        window.location.href = target.href + (anchor ? "#" + encodeURIComponent(anchor) : "");
      })
      .catch(function () { window.location.href = target.href; });
  }

  document.addEventListener("click", keepSectionOnLanguageSwitch);

  function init() {
    showRelativeDates(document);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material's instant navigation re-renders pages
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
