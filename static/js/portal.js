/* IJC Portal — progressive enhancement only; every page and form works without this file.
   1. After a failed submit, focus the error summary; its links focus the field they name.
   2. Drafts of public forms: forms marked data-draft="name" keep typed text in sessionStorage (this tab
      only, gone when the tab closes). Signed-in long forms keep drafts on the server (session.js).
   3. (The session time-out warning is static/js/session.js, loaded on signed-in pages.)
   4. Messages (WCAG 4.1.3): just after load, move the page's messages into the live regions that were
      empty at load (role="status", or aria-live="assertive" for errors), so screen readers announce them.
   5. After a search (a GET form whose action is "#<id>" of the results heading, marked data-results and
      tabindex="-1"), focus that heading, which states the count. */
(function () {
  "use strict";

  function errorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']") || field.closest("fieldset");
      (label || field).scrollIntoView();
      field.focus();
    });
  }

  var DRAFT_PREFIX = "ijc-draft:";
  var SKIP_TYPES = { password: 1, hidden: 1, file: 1, submit: 1, button: 1 };

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP_TYPES[el.type] && !el.hasAttribute("data-no-draft") && el.name !== "csrfmiddlewaretoken";
    });
  }

  function drafts() {
    var store = storage();
    if (!store) return;
    // A success message means the last submitted form was saved: its draft is no longer needed.
    if (document.querySelector("[data-form-saved]")) {
      Object.keys(store).forEach(function (key) {
        if (key.indexOf(DRAFT_PREFIX) === 0 && JSON.parse(store.getItem(key) || "{}").submitted) store.removeItem(key);
      });
    }
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var key = DRAFT_PREFIX + location.pathname + ":" + form.getAttribute("data-draft");
      var saved = JSON.parse(store.getItem(key) || "null");
      if (saved && saved.values) {
        // Fill only empty fields: what the server sent back (e.g. after an error) wins.
        draftFields(form).forEach(function (el) {
          var value = saved.values[el.name];
          if (value === undefined || el.type === "radio" || el.type === "checkbox") return;
          if (!el.value) el.value = value;
        });
      }
      function save(submitted) {
        var values = {};
        draftFields(form).forEach(function (el) {
          if (el.type !== "radio" && el.type !== "checkbox" && el.value) values[el.name] = el.value;
        });
        try { store.setItem(key, JSON.stringify({ values: values, submitted: submitted })); } catch (error) { /* full */ }
      }
      form.addEventListener("input", function () { save(false); });
      form.addEventListener("change", function () { save(false); });
      form.addEventListener("submit", function () { save(true); });
    });
  }

  function announceMessages() {
    var messages = document.querySelectorAll("[data-messages] [data-message-level]");
    if (!messages.length) return;
    // A short wait lets assistive technology register the empty regions before their content changes.
    setTimeout(function () {
      messages.forEach(function (message) {
        var region = document.querySelector("[data-live='" + message.getAttribute("data-message-level") + "']");
        if (region) region.appendChild(message);
      });
    }, 250);
  }

  function resultsFocus() {
    // Only right after the search form was sent: its action carries the heading's id as the fragment.
    if (!location.hash || !location.search || document.querySelector("[data-error-summary]")) return;
    var heading = document.getElementById(location.hash.slice(1));
    if (heading && heading.hasAttribute("data-results")) heading.focus();
  }

  function choiceGroups() {
    // A long checkbox list in groups (reference.widgets.GroupedCheckboxes): filter it in place as one
    // types (the server-side filter button is then not needed), and keep each group's "n chosen" count.
    document.querySelectorAll("[data-choice-groups]").forEach(function (box) {
      var input = box.querySelector("[data-choice-filter]");
      var button = box.querySelector("[data-choice-filter-button]");
      var groups = box.querySelectorAll("[data-choice-group]");
      var fold = function (text) { return text.toLowerCase().replace(/\s+/g, " ").trim(); };
      var count = function (group) {
        var chosen = group.querySelectorAll("input[type='checkbox']:checked").length;
        var counter = group.querySelector("[data-choice-count]");
        if (counter) counter.textContent = String(chosen);
        return chosen;
      };
      var apply = function () {
        var term = fold(input.value);
        groups.forEach(function (group) {
          var shown = 0;
          group.querySelectorAll("[data-choice]").forEach(function (item) {
            var match = !term || fold(item.textContent).indexOf(term) !== -1;
            item.hidden = !match;
            if (match) shown += 1;
          });
          group.hidden = shown === 0;
          group.open = term ? shown > 0 : count(group) > 0;
        });
      };
      box.addEventListener("change", function (event) {
        var group = event.target.closest && event.target.closest("[data-choice-group]");
        if (group) count(group);
      });
      if (!input) return;  // a short list folded into one group (FoldedCheckboxes) has no filter
      // A list the server already filtered (sent without JavaScript) keeps its button to show all again.
      if (button && !input.value) button.hidden = true;
      input.addEventListener("input", apply);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (!button || button.hidden)) { event.preventDefault(); apply(); }
      });
    });
  }

  function start() {
    errorSummary();
    drafts();
    announceMessages();
    resultsFocus();
    choiceGroups();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
