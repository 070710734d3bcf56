/* "Did this answer your question?": sends one reaction per article page to the collector,
   remembers it in localStorage (no cookies) and shows the thank-you. */
(function () {
  "use strict";

  var STORAGE_PREFIX = "hc-feedback:v1:";

  function storageKey(widget) {
    return STORAGE_PREFIX + widget.dataset.lang + ":" + widget.dataset.article;
  }

  function remembered(widget) {
    try {
      var value = window.localStorage.getItem(storageKey(widget));
      return /^[a-z]+$/.test(value || "") ? value : null;
    } catch (error) {
      return null; // storage disabled: the widget still works, it just forgets
    }
  }

  function remember(widget, reaction) {
    try {
      window.localStorage.setItem(storageKey(widget), reaction);
    } catch (error) {
      /* storage full or disabled */
    }
  }

  function send(endpoint, payload) {
    var body = JSON.stringify(payload);
    try {
      var blob = new Blob([body], { type: "application/json" });
      if (navigator.sendBeacon && navigator.sendBeacon(endpoint, blob)) {
        return;
      }
    } catch (error) {
      /* some browsers refuse a JSON beacon: fall back to fetch */
    }
    if (window.fetch) {
      window.fetch(endpoint, {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        keepalive: true,
        headers: { "Content-Type": "application/json" },
        body: body
      }).catch(function () { /* feedback is best effort */ });
    }
  }

  function show(widget, reaction, moveFocus) {
    var buttons = widget.querySelectorAll("[data-reaction]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.reaction === reaction));
      button.disabled = true;
    });
    var message = widget.querySelector(
      reaction === "sad" ? "[data-hc-feedback-sorry]" : "[data-hc-feedback-thanks]"
    );
    message.hidden = false;
    if (moveFocus) {
      // the pressed button is now disabled: keep keyboard users on the answer
      message.focus();
    }
  }

  function bind(widget) {
    if (widget.dataset.hcBound) {
      return;
    }
    widget.dataset.hcBound = "1";
    widget.hidden = false;
    var chosen = remembered(widget);
    if (chosen && widget.querySelector('[data-reaction="' + chosen + '"]')) {
      show(widget, chosen, false);
      return;
    }
    widget.addEventListener("click", function (event) {
      var button = event.target.closest("[data-reaction]");
      if (!button || button.disabled || remembered(widget)) {
        return;
      }
      var reaction = button.dataset.reaction;
      send(widget.dataset.endpoint, {
        article: widget.dataset.article,
        lang: widget.dataset.lang,
        reaction: reaction,
        page: window.location.pathname,
        build: widget.dataset.build
      });
      remember(widget, reaction);
      show(widget, reaction, true);
    });
  }

  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-hc-feedback]"), bind);
  }

  // Material's instant navigation swaps the page without reloading scripts: document$
  // emits on every page, including the first.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(bindAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
