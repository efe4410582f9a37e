/* IJC Portal — signed-in pages only; progressive enhancement (every form works without this file).
   1. Session time-out (WCAG 2.2.1): shortly before the session expires, show the warning at the top of the
      page and move focus to its "Stay signed in" button; once the session is extended, hide it and put
      focus back where it was. When the session has expired, say so (focus on the message).
   2. Autosave: on a page whose form keeps a server-side draft (<main data-draft-autosave>), send what was
      typed to the same address with _draft=autosave a few seconds after each change (files left out).
      That request renews the session, so the warning's clock restarts (X-Session-Expires-In). */
(function () {
  "use strict";

  function sessionWarning() {
    var box = document.getElementById("session-warning");
    if (!box) return;
    var expirySeconds = parseInt(box.getAttribute("data-expiry-seconds"), 10);
    var warningSeconds = parseInt(box.getAttribute("data-warning-seconds"), 10);
    if (!(expirySeconds > 0)) return;
    var form = box.querySelector("form");
    var button = form.querySelector("button");
    var close = box.querySelector("[data-session-close]");
    var warnTimer, expireTimer, returnTo = null;

    function show(state) {
      box.querySelectorAll("[data-session-state]").forEach(function (el) {
        el.hidden = el.getAttribute("data-session-state") !== state;
      });
      if (box.hidden && document.activeElement && !box.contains(document.activeElement)) {
        returnTo = document.activeElement;
      }
      box.hidden = false;
      (state === "warning" ? button : box).focus();
    }
    function hide() {
      var hadFocus = box.contains(document.activeElement);
      box.hidden = true;
      if (hadFocus && returnTo && document.contains(returnTo)) returnTo.focus();
      returnTo = null;
    }
    function schedule(seconds) {
      clearTimeout(warnTimer);
      clearTimeout(expireTimer);
      hide();
      warnTimer = setTimeout(function () { show("warning"); }, Math.max(seconds - warningSeconds, 0) * 1000);
      expireTimer = setTimeout(function () { show("expired"); }, seconds * 1000);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        schedule(data.expires_in);
        var status = document.querySelector("[data-live='status']");
        var text = box.getAttribute("data-extended-text") || "";
        if (status && text) {
          var note = document.createElement("p");
          note.className = "message message--success";
          note.textContent = text;
          status.appendChild(note);
        }
      }).catch(function () { show("expired"); });
    });
    if (close) close.addEventListener("click", hide);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !box.hidden) hide();
    });
    schedule(expirySeconds);
    return schedule;
  }

  function autosave(schedule) {
    var main = document.querySelector("main[data-draft-autosave]");
    if (!main) return;
    var here = location.pathname + location.search;
    main.querySelectorAll("form[method='post'], form[method='POST']").forEach(function (form) {
      if (form.hasAttribute("data-no-draft")) return;
      var action = new URL(form.getAttribute("action") || here, location.href);
      if (action.pathname + action.search !== here) return;
      var timer = null;
      function send() {
        var data = new FormData(form);
        var skipped = [];
        data.forEach(function (value, name) {
          if (typeof value !== "string" || /password/i.test(name)) skipped.push(name);
        });
        skipped.forEach(function (name) { data.delete(name); });
        data.set("_draft", "autosave");
        fetch(here, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" }).then(function (response) {
          // Saving the draft renewed the session on the server: restart the warning's clock.
          var seconds = parseInt(response.headers.get("X-Session-Expires-In"), 10);
          if (response.status === 204 && seconds > 0 && schedule) schedule(seconds);
        }).catch(function () {});
      }
      function later() {
        clearTimeout(timer);
        timer = setTimeout(send, 3000);
      }
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      form.addEventListener("submit", function () { clearTimeout(timer); });
    });
  }

  function start() {
    autosave(sessionWarning());
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
