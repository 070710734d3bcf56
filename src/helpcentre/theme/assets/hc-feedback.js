/* "Did this answer your question?": posts the reader's reaction to the collector with a
   random vote id kept in localStorage (no cookie), so that a changed answer replaces the
   first one; says so when the answer could not be sent, and offers to send it again.
   Each view of the article is counted once, by a post to "page-view" beside the endpoint
   (the article, its language and the build: nothing about the reader). */
(function () {
  "use strict";

  var STORAGE_PREFIX = "hc-feedback:v2:";

  function storageKey(widget) {
    return STORAGE_PREFIX + widget.dataset.lang + ":" + widget.dataset.article;
  }

  // {vote, reaction, sent} of this article in this language, or null
  function load(widget) {
    try {
      var state = JSON.parse(window.localStorage.getItem(storageKey(widget)) || "null");
      if (state && /^[A-Za-z0-9_-]{16,64}$/.test(state.vote) && /^[a-z]+$/.test(state.reaction)) {
        return state;
      }
    } catch (error) {
      /* storage disabled or a value we did not write */
    }
    return null;
  }

  function save(widget, state) {
    try {
      window.localStorage.setItem(storageKey(widget), JSON.stringify(state));
    } catch (error) {
      /* storage full or disabled: the widget still works, it just forgets */
    }
  }

  function newVoteId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // Resolves to true once the collector has stored the answer, false otherwise.
  function send(endpoint, payload) {
    var body = JSON.stringify(payload);
    if (!window.fetch) {
      return Promise.resolve(Boolean(navigator.sendBeacon &&
        navigator.sendBeacon(endpoint, new Blob([body], { type: "application/json" }))));
    }
    return window.fetch(endpoint, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: body
    }).then(function (response) {
      return response.ok;
    }, function () {
      return false;
    });
  }

  // Once per page view: a widget is bound once, and instant navigation draws a new one.
  function countView(widget) {
    var target;
    try {
      target = new URL("page-view", widget.dataset.endpoint).href;
    } catch (error) {
      return;
    }
    send(target, {
      article: widget.dataset.article,
      lang: widget.dataset.lang,
      build: widget.dataset.build
    });
  }

  function press(widget, reaction) {
    var buttons = widget.querySelectorAll("[data-reaction]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.reaction === reaction));
    });
  }

  // status: "sent", "failed" or "sending"
  function show(widget, reaction, status, moveFocus) {
    var messages = {
      thanks: widget.querySelector("[data-hc-feedback-thanks]"),
      sorry: widget.querySelector("[data-hc-feedback-sorry]"),
      failed: widget.querySelector("[data-hc-feedback-failed]")
    };
    var shown = null;
    if (status === "failed") {
      shown = messages.failed;
    } else if (status === "sent") {
      shown = reaction === "sad" ? messages.sorry : messages.thanks;
    }
    Object.keys(messages).forEach(function (name) {
      if (messages[name]) {
        messages[name].hidden = messages[name] !== shown;
      }
    });
    if (shown && moveFocus) {
      shown.focus();
    }
  }

  function bind(widget) {
    if (widget.dataset.hcBound) {
      return;
    }
    widget.dataset.hcBound = "1";
    widget.hidden = false;
    countView(widget);
    var attempt = 0;
    var state = load(widget);
    if (state && widget.querySelector('[data-reaction="' + state.reaction + '"]')) {
      press(widget, state.reaction);
      show(widget, state.reaction, state.sent ? "sent" : "failed", false);
    }

    function submit(moveFocus) {
      var mine = ++attempt;
      save(widget, state);
      press(widget, state.reaction);
      show(widget, state.reaction, "sending", false);
      widget.setAttribute("aria-busy", "true");
      send(widget.dataset.endpoint, {
        article: widget.dataset.article,
        lang: widget.dataset.lang,
        reaction: state.reaction,
        page: window.location.pathname,
        build: widget.dataset.build,
        vote: state.vote
      }).then(function (stored) {
        if (mine !== attempt) {
          return; // a later click superseded this answer
        }
        widget.removeAttribute("aria-busy");
        state.sent = stored;
        save(widget, state);
        show(widget, state.reaction, stored ? "sent" : "failed", moveFocus);
      });
    }

    widget.addEventListener("click", function (event) {
      if (event.target.closest("[data-hc-feedback-retry]")) {
        if (state) {
          submit(true);
        }
        return;
      }
      var button = event.target.closest("[data-reaction]");
      if (!button) {
        return;
      }
      var reaction = button.dataset.reaction;
      if (state && state.reaction === reaction && state.sent) {
        return; // the same answer again: nothing new to store
      }
      state = { vote: state ? state.vote : newVoteId(), reaction: reaction, sent: false };
      submit(true);
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
