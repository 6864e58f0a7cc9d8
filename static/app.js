// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  const DRAFTS = "coordinator.draft.";
  const SUBMITTED = "coordinator.submitted"; // the draft of the form sent last

  // Ask before actions marked as consequential.
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }

  // On a narrow screen the navigation folds behind a menu button (without
  // JavaScript it stays open, as on a wide screen).
  function foldingNavigation() {
    const header = document.querySelector(".topbar");
    const button = header && header.querySelector("[data-nav-toggle]");
    if (!button) return;
    header.classList.add("nav-folds");
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("nav-open", open);
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
  }

  // What was typed into a form marked data-draft is kept in this tab's
  // sessionStorage until the server accepts it, so an expired session (sign in
  // again) or an expired form token (send again) loses nothing. Signing out
  // forgets every draft; a "saved" message after a form was sent forgets its own.
  function fieldsOf(form) {
    return Array.from(form.elements).filter((el) => el.name && el.name !== "csrf_token" &&
      el.type !== "hidden" && el.type !== "submit" && el.type !== "button" && el.type !== "file" &&
      el.type !== "password");
  }

  function saveDraft(form) {
    const values = {};
    fieldsOf(form).forEach((el) => {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = el.value;
      }
    });
    try {
      sessionStorage.setItem(DRAFTS + form.dataset.draft, JSON.stringify({ at: Date.now(), values }));
    } catch (err) { /* storage full or disabled: the form still works */ }
  }

  function restoreDraft(form) {
    let draft = null;
    try { draft = JSON.parse(sessionStorage.getItem(DRAFTS + form.dataset.draft) || "null"); } catch (err) { }
    if (!draft || !draft.values) return false;
    // A page the server rendered with errors already holds what was sent.
    if (form.querySelector(".has-error, [aria-invalid=true]")) return false;
    let restored = false;
    fieldsOf(form).forEach((el) => {
      if (!(el.name in draft.values)) return;
      const value = draft.values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        const checked = Array.isArray(value) && value.includes(el.value);
        if (el.checked !== checked) { el.checked = checked; restored = true; }
      } else if (el.value !== value) {
        el.value = value;
        restored = true;
      }
    });
    return restored;
  }

  function forget(key) {
    try { sessionStorage.removeItem(DRAFTS + key); } catch (err) { }
  }

  function drafts() {
    // The server said "saved" after the last form was sent: its draft has served.
    let submitted = null;
    try { submitted = sessionStorage.getItem(SUBMITTED); } catch (err) { }
    if (submitted && document.querySelector(".flash-success")) {
      forget(submitted);
      try { sessionStorage.removeItem(SUBMITTED); } catch (err) { }
    }
    document.querySelectorAll("form[data-draft]").forEach((form) => {
      if (restoreDraft(form)) {
        const note = document.createElement("p");
        note.className = "flash flash-info draft-note";
        note.setAttribute("role", "status");
        note.textContent = form.dataset.draftRestored || "";
        form.prepend(note);
      }
      form.addEventListener("input", () => saveDraft(form));
      form.addEventListener("change", () => saveDraft(form));
      form.addEventListener("submit", () => {
        saveDraft(form);
        try { sessionStorage.setItem(SUBMITTED, form.dataset.draft); } catch (err) { }
      });
    });
    document.querySelectorAll("form[data-forget-drafts]").forEach((form) => {
      form.addEventListener("submit", () => {
        try {
          Object.keys(sessionStorage).filter((key) => key.startsWith(DRAFTS))
            .forEach((key) => sessionStorage.removeItem(key));
        } catch (err) { }
      });
    });
  }

  // A picker (a list of cases, the options of a select, a group of checkboxes) narrowed as one types:
  // <input type="search" data-filter="ID"> hides the entries of element ID whose text lacks every word.
  // Without JavaScript the picker is whole, and the page's own search (a GET form) narrows it.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function pickerFilters() {
    document.querySelectorAll("input[data-filter]").forEach((input) => {
      const target = document.getElementById(input.dataset.filter);
      if (!target) return;
      input.hidden = false;
      const entries = () => target.querySelectorAll("li, option, label.check");
      input.addEventListener("input", () => {
        const words = fold(input.value).split(/\s+/).filter(Boolean);
        entries().forEach((entry) => {
          const text = fold(entry.textContent || "");
          const keep = entry.selected || entry.value === "" || words.every((w) => text.includes(w));
          entry.hidden = !keep;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    pickerFilters();
    confirmations();
    foldingNavigation();
    printButtons();
    drafts();
  });
})();
