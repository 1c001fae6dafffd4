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
