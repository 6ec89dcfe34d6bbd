/* Casus: small progressive enhancements. Everything works without this file; each feature is
   one section with its own header. Loaded with `defer` from base.html (strict CSP: no inline
   script). */
"use strict";

/* ---------------------------------------------------------------------------------------------
   Error summary (templates/error_summary.html): on load, focus moves to the first summary so a
   screen reader announces it and the page shows it; a link in it moves focus to its field and
   scrolls the field's label or legend into view (the pattern of NL Design System and GOV.UK).
   --------------------------------------------------------------------------------------------- */
(function errorSummary() {
  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset && (input.type === "radio" || input.type === "checkbox")) {
      var legend = fieldset.querySelector("legend");
      if (legend) {
        return legend;
      }
    }
    if (input.id) {
      var label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      if (label) {
        return label;
      }
    }
    return input;
  }

  function onLinkClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    labelFor(input).scrollIntoView();
    input.focus({ preventScroll: true });
  }

  function init() {
    var summaries = document.querySelectorAll(".error-summary");
    summaries.forEach(function (summary) {
      summary.addEventListener("click", onLinkClick);
    });
    if (summaries.length) {
      summaries[0].focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* ---------------------------------------------------------------------------------------
   Session warning. <body data-sessie-seconden> holds the seconds the server gives this
   session (inactivity limit or absolute limit, whichever comes first). One minute before the
   end, the dialog #sessie-waarschuwing opens with "Ingelogd blijven"; that button posts to
   the keep-alive endpoint (CSRF token from its form) and restarts the count with the
   server's new number. At the end the dialog says the session has ended.
   --------------------------------------------------------------------------------------- */
(function sessieWaarschuwing() {
  var WAARSCHUW_MS = 60 * 1000;

  function start() {
    var seconden = parseInt(document.body.getAttribute("data-sessie-seconden"), 10);
    var dialog = document.getElementById("sessie-waarschuwing");
    if (isNaN(seconden) || !dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var form = dialog.querySelector("form[data-sessie-verlengen]");
    var einde = Date.now() + seconden * 1000;
    var timer = null;
    var terugFocus = null;

    function fase(naam) {
      var delen = dialog.querySelectorAll("[data-sessie-fase]");
      var kop = null;
      for (var i = 0; i < delen.length; i++) {
        var actief = delen[i].getAttribute("data-sessie-fase") === naam;
        delen[i].hidden = !actief;
        if (actief) {
          kop = delen[i].querySelector("h2");
          dialog.setAttribute("aria-labelledby", kop.id);
          dialog.setAttribute("aria-describedby", delen[i].querySelector("p").id);
        }
      }
      return kop;
    }

    function toon(naam) {
      var kop = fase(naam);
      // Back to this very page: after an expiry the server sends it on to the login with
      // `next` (the page itself is not rendered into the HTML, so that pages stay alike).
      var hier = window.location.pathname + window.location.search;
      form.elements.next.value = hier;
      dialog.querySelector("a[data-sessie-terug]").setAttribute("href", hier);
      if (!dialog.open) {
        terugFocus = document.activeElement;
        dialog.showModal();
      }
      // The heading takes focus, so that a screen reader reads the title and the text first.
      kop.focus();
    }

    function plan(ms) {
      window.clearTimeout(timer);
      timer = window.setTimeout(controleer, Math.max(ms, 0));
    }

    function controleer() {
      var over = einde - Date.now();
      if (over <= 0) {
        toon("verlopen");
      } else if (over <= WAARSCHUW_MS) {
        if (!dialog.open) {
          toon("waarschuwing");
        }
        plan(over);
      } else {
        plan(over - WAARSCHUW_MS);
      }
    }

    function sluit() {
      if (dialog.open) {
        dialog.close();
      }
      if (terugFocus && typeof terugFocus.focus === "function") {
        terugFocus.focus();
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window
        .fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          // An ended session answers with the login page instead of JSON.
          return response.ok && type.indexOf("application/json") === 0 ? response.json() : null;
        })
        .then(function (antwoord) {
          if (!antwoord) {
            einde = Date.now();
            toon("verlopen");
            return;
          }
          einde = Date.now() + antwoord.seconden * 1000;
          if (antwoord.seconden * 1000 <= WAARSCHUW_MS) {
            toon("maximum");
          } else {
            sluit();
          }
          plan(0);
        })
        .catch(function () {
          // No connection: leave the warning open so the user can try again.
          toon("waarschuwing");
        });
    });

    plan(0);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* ---------------------------------------------------------------------------------------
   After htmx swapped a part of the page ("mijn acties": a row after a status update), focus
   moves to what the new part asks to be read first ([data-focus-na-swap]: its message or
   its error summary), so a keyboard or screen-reader user is not left on a removed button.
   --------------------------------------------------------------------------------------- */
(function focusNaSwap() {
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-na-swap]");
    if (target) {
      target.removeAttribute("data-focus-na-swap");
      (target.querySelector(".error-summary") || target).focus();
    }
  });
})();
