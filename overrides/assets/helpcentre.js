// Help-centre behaviour: relative "Updated" dates (search lives in hc-search.js).
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
