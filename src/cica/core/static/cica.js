// Progressive enhancements; every page works without this file.

// Deadlines are given in the body's time zone and UTC by the server; this adds the reader's own
// zone, which only the browser knows.
// Shown as ISO 8601 (2026-12-11 13:00), like every other date in cica.
function showLocalTimes() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parts = new Intl.DateTimeFormat("en-GB", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23", timeZone: zone,
  });
  const iso = (moment) => {
    const p = Object.fromEntries(parts.formatToParts(moment).map((part) => [part.type, part.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
  for (const element of document.querySelectorAll("time.local-time[datetime]")) {
    if (element.dataset.shown) continue;
    const moment = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    element.textContent = `— ${element.dataset.localLabel}: ${iso(moment)} (${zone})`;
    element.dataset.shown = "1";
  }
}

document.addEventListener("DOMContentLoaded", showLocalTimes);
document.addEventListener("htmx:afterSwap", showLocalTimes);

// The new-draft form lists, once a kind is chosen, only the organs that may take it (each option
// says which kinds in data-kinds); without this file the server refuses a wrong pair beside it.
function fitOrgansToKind() {
  const kind = document.querySelector("select#kind");
  const organ = document.querySelector("select#organ");
  if (!kind || !organ) return;
  const fit = () => {
    for (const option of organ.options) {
      const kinds = (option.dataset.kinds || "").split(" ");
      option.hidden = option.disabled = !kinds.includes(kind.value);
    }
    if (organ.selectedOptions[0] && organ.selectedOptions[0].disabled) {
      const first = [...organ.options].find((option) => !option.disabled);
      if (first) organ.value = first.value;
    }
  };
  kind.addEventListener("change", fit);
  fit();
}

document.addEventListener("DOMContentLoaded", fitOrgansToKind);

// Page forms (those core/_forms.html heads, with a form_id) post through HTMX and swap in their
// answer in place: a refused form comes back alone, kept input and messages beside the fields
// (core.forms.HtmxForms). Without this file the same form comes back on the whole page.
function enhanceForms(root) {
  const scope = root.querySelectorAll ? root : document;
  const forms = [...scope.querySelectorAll("form[method=post]")];
  if (root.matches && root.matches("form[method=post]")) forms.push(root);
  for (const form of forms) {
    if (!form.querySelector("input[name=form_id]") || form.hasAttribute("hx-post")) continue;
    form.setAttribute("hx-post", form.getAttribute("action") || window.location.pathname);
    form.setAttribute("hx-target", "this");
    form.setAttribute("hx-swap", "outerHTML");
    htmx.process(form);
  }
}

// HTMX leaves 4xx answers unswapped; these say they are meant to be swapped (cica-swap).
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.getResponseHeader("cica-swap")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The first field with a message takes the focus, as on the page loaded again without script.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.xhr.getResponseHeader("cica-swap") !== "form") return;
  const invalid = document.querySelector("form [aria-invalid=true]");
  if (invalid) invalid.focus();
});

if (window.htmx) htmx.onLoad(enhanceForms);

// Side by side: pointing at a sentence highlights it and the sentences of the other versions it
// is aligned with (each sentence lists, in data-partners, the first column's sentences it goes
// with, as row.number tokens the server computed).
function highlightPartners() {
  for (const table of document.querySelectorAll("table.side-by-side")) {
    const tokens = (element) => (element.dataset.partners || "").split(" ").filter(Boolean);
    const mark = (event, on) => {
      const sentence = event.target.closest(".sentence[data-partners]");
      if (!sentence) return;
      const wanted = new Set(tokens(sentence));
      if (!wanted.size) return;
      for (const other of sentence.closest("tr").querySelectorAll(".sentence[data-partners]")) {
        other.classList.toggle("partner", on && tokens(other).some((token) => wanted.has(token)));
      }
    };
    table.addEventListener("mouseover", (event) => mark(event, true));
    table.addEventListener("mouseout", (event) => mark(event, false));
  }
}

document.addEventListener("DOMContentLoaded", highlightPartners);
