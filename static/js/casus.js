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
