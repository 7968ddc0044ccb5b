// The filter panel and the row of active-filter chips. Controls write the state (and so the
// address); the state writes the controls back, so back, forward and shared links show what
// is applied. The actor and country boxes take names as well as codes (js/names.js); the
// counts beside event types, quad classes, modes and sectors are the current view's
// (GET /breakdown: each list counted under the other filters). On a phone the panel is a
// drawer, closed until asked for.
import { fill, fmtDate, fmtNumber, h } from "./dom.js";
import { asCode, combobox, lookup } from "./names.js";
import * as state from "./state.js";
import { codeName, countryName, quadName, quadSwatch, sectorShort, vocabulary } from "./vocab.js";

// code boxes: filter key -> the kind of code it takes
const CODE_KINDS = {
  actor: "actor", recipient: "actor", party: "actor",
  country: "country", actor_country: "country", recipient_country: "country",
};
const UPPER = [...Object.keys(CODE_KINDS), "sector"];
const CODE_NAMES = {
  actor: "Actor", recipient: "Recipient", party: "Either side", country: "Country",
  actor_country: "Actor's country", recipient_country: "Recipient's country",
};
const AUX_LABELS = {
  future: "future (promised, announced)",
  hypothetical: "hypothetical (if, may)",
  historical: "historical (recalled)",
  negated: "negated (did not happen)",
};

function field(id, label, input, hint) {
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
}

function textInput(id, name, attrs = {}) {
  return h("input", { id, name, type: "text", autocomplete: "off", spellcheck: "false", ...attrs });
}

/** A list of checkboxes, each with a count that follows the view (`counts[name][value]`). */
function checkboxes(name, legend, items, open) {
  return h(
    "details",
    { class: "group", open: open || null },
    h("summary", {}, legend),
    h("fieldset", {}, h("legend", { class: "sr-only" }, legend),
      items.map(([value, label]) =>
        h("label", { class: "check", dataset: { facet: name, value } }, h("input", { type: "checkbox", name, value }), " ", label,
          h("span", { class: "facet-count muted small", dataset: { count: `${name}:${value}` } })))),
  );
}

export function createFilters(form, chips, notice, { lastDate, toggle }) {
  const v = vocabulary();
  const types = v.event_types; // PLOVER's order, cooperation to conflict; the counts beside say which are busy
  const conf = h("input", { id: "f-min_confidence", name: "min_confidence", type: "range", min: "0", max: "1", step: "0.05", value: "0" });
  const confOut = h("output", { for: "f-min_confidence", id: "f-min_confidence-out" }, "any");
  conf.addEventListener("input", () => (confOut.textContent = Number(conf.value) ? `≥ ${conf.value}` : "any"));
  const sector = h("select", { id: "f-sector", name: "sector" }, h("option", { value: "" }, "any"),
    Object.keys(v.sectors).sort().map((code) => h("option", { value: code, dataset: { label: `${code}: ${sectorShort(code)}` } }, `${code}: ${sectorShort(code)}`)));
  const codeBox = (key, placeholder, describedBy) =>
    textInput(`f-${key}`, key, { placeholder, "aria-describedby": describedBy || null });

  fill(
    form,
    field("f-text", "Words in the evidence", textInput("f-text", "text", { type: "search", placeholder: "e.g. border" })),
    field("f-actor", "Actor", codeBox("actor", "name or code, e.g. Kenya", "f-actor-hint"),
      "Type a name to get its codes. A code is a prefix: KEN is every Kenyan actor."),
    field("f-recipient", "Recipient", codeBox("recipient", "a name or a code")),
    field("f-party", "Actor or recipient", codeBox("party", "a name or a code")),
    h("label", { class: "check standalone" }, h("input", { type: "checkbox", name: "exact", value: "true", id: "f-exact" }),
      " Whole codes only (KEN is not KENGOV)"),
    field("f-country", "Country", codeBox("country", "name or ISO3, e.g. Ethiopia", "f-country-hint"),
      "The actor's, the recipient's or the place's."),
    field("f-sector", "Sector", sector),
    checkboxes("event", "Event type", types.map((t) => [t, t])),
    checkboxes("quad", "Quad class", [1, 2, 3, 4].map((q) => [String(q), [quadSwatch(q), " ", quadName(q)]]), true),
    checkboxes("aux", "Mode", v.aux_modes.map((m) => [m, AUX_LABELS[m] || m])),
    h("label", { class: "check standalone" }, h("input", { type: "checkbox", name: "with_negated", value: "true", id: "f-with_negated" }), " Include negated events"),
    h("div", { class: "field two", role: "group", "aria-label": "Dates" },
      h("div", {}, h("label", { for: "f-since" }, "From"), h("input", { id: "f-since", name: "since", type: "date" })),
      h("div", {}, h("label", { for: "f-until" }, "To"), h("input", { id: "f-until", name: "until", type: "date" }))),
    h("details", { class: "group more", id: "more-filters" }, h("summary", {}, "More filters"),
      field("f-actor_country", "Actor's country", codeBox("actor_country", "a name or ISO3")),
      field("f-recipient_country", "Recipient's country", codeBox("recipient_country", "a name or ISO3")),
      field("f-cameo", "CAMEO code prefix", textInput("f-cameo", "cameo", { placeholder: "e.g. 19 (fights)", inputmode: "numeric" })),
      h("div", { class: "field" }, h("label", { for: "f-min_confidence" }, "Minimum confidence ", confOut), conf),
      field("f-bbox", "Map area", textInput("f-bbox", "bbox", { placeholder: "west,south,east,north", "aria-describedby": "f-bbox-hint" }),
        "Set by clicking a marker on the map."),
      field("f-story", "Story id", textInput("f-story", "story"))),
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, "Apply"),
      h("button", { type: "button", class: "secondary", onclick: clearAll }, "Clear all")),
  );

  // the day names are read on: an office-holder's code depends on it
  const day = () => {
    const st = state.get();
    return st.until || st.since || lastDate() || null;
  };
  for (const key of Object.keys(CODE_KINDS)) {
    combobox(form.elements[key], { kind: CODE_KINDS[key], day, onChoose: () => apply() });
  }

  function read() {
    const data = new FormData(form);
    const changes = {};
    for (const key of state.FILTERS) {
      if (!form.elements[key] && !form.querySelector(`[name="${key}"]`)) continue;
      const values = data.getAll(key).map((x) => String(x).trim()).filter(Boolean);
      if (["event", "quad", "aux"].includes(key)) changes[key] = values;
      else changes[key] = values[0] || null;
    }
    for (const key of UPPER) if (changes[key]) changes[key] = changes[key].toUpperCase();
    if (changes.min_confidence && Number(changes.min_confidence) === 0) changes.min_confidence = null;
    return changes;
  }

  let readings = []; // names read as codes by the last apply, said in the notice
  /** Names typed into the code boxes become codes ("Iran" is IRN) where the text is no code itself. */
  async function resolveNames(changes) {
    readings = [];
    const st = state.get();
    for (const [key, kind] of Object.entries(CODE_KINDS)) {
      const raw = (form.elements[key].value || "").trim();
      if (!raw || raw.toUpperCase() === st[key]) continue;
      const { code, reading } = await asCode(raw, kind, day());
      changes[key] = code;
      if (reading) readings.push(reading);
    }
  }

  async function apply() {
    const changes = read();
    await resolveNames(changes);
    state.update({ ...changes, open: null });
  }

  function clearAll() {
    const none = Object.fromEntries(state.FILTERS.map((k) => [k, null]));
    readings = [];
    state.update(none);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply().then(() => toggle && toggle.closeOnPhone());
  });
  form.addEventListener("change", (e) => {
    if (e.target.matches("input[type=checkbox], select, input[type=range], input[type=date]")) apply();
  });

  function write(st) {
    for (const el of form.elements) {
      if (!el.name) continue;
      const value = st[el.name];
      if (el.type === "checkbox") el.checked = [value].flat().includes(el.value);
      else if (el.type === "range") el.value = value || "0";
      else el.value = value || "";
    }
    confOut.textContent = Number(conf.value) ? `≥ ${conf.value}` : "any";
    if (st.actor_country || st.recipient_country || st.cameo || st.min_confidence || st.bbox || st.story) {
      form.querySelector("#more-filters").open = true;
    }
    renderChips(st);
    checkCodes(st);
    if (toggle) toggle.setCount(state.filterParams(st).toString() ? chips.querySelectorAll("button.chip").length : 0);
  }

  /** The current view's counts beside each list's values (GET /breakdown's facets). */
  function setCounts(facets) {
    for (const span of form.querySelectorAll("[data-count]")) {
      const [name, value] = span.dataset.count.split(":");
      const n = (facets[name] || {})[value] || 0;
      span.textContent = ` ${fmtNumber(n)}`;
      span.closest("label").classList.toggle("none", !n);
    }
    for (const option of sector.options) {
      if (!option.value) continue;
      const n = (facets.sector || {})[option.value] || 0;
      option.textContent = `${option.dataset.label} (${fmtNumber(n)})`;
    }
  }

  /** A code that matches nothing is said to, with the close ones to pick from. */
  let checking = 0;
  async function checkCodes(st) {
    const mine = ++checking;
    const messages = readings.map((r) => h("p", {}, r));
    readings = []; // said once, after the apply that read them
    for (const [key, kind] of Object.entries(CODE_KINDS)) {
      if (!st[key]) continue;
      let body;
      try {
        body = await lookup(st[key], kind, day());
      } catch {
        continue;
      }
      if (body.known) continue;
      const what = kind === "country" ? `No country has the code “${st[key]}”.` : `No actor code in these events starts with “${st[key]}”.`;
      const close = body.suggestions.slice(0, 5);
      messages.push(h("p", { class: "unknown-code", dataset: { key } }, `${CODE_NAMES[key]}: ${what} `,
        close.length ? ["Did you mean ", close.map((s, i) => [i ? ", " : "",
          h("button", { type: "button", class: "linkish", dataset: { code: s.code },
            onclick: () => state.update({ [key]: s.code }) },
          `${s.code}${s.name && s.name !== s.code ? " " + s.name : ""}`), ` (${fmtNumber(s.events)})`]), "?"] : "No close code either."));
    }
    if (mine !== checking) return;
    fill(notice, messages);
    notice.hidden = !messages.length;
  }

  function renderChips(st) {
    const focused = chips.contains(document.activeElement) ? document.activeElement.dataset.keys : null;
    const items = [];
    const chip = (label, keys) =>
      items.push(h("li", {}, h("button", { type: "button", class: "chip", "aria-label": `Remove filter: ${label}`, dataset: { keys: keys.join(" ") },
        onclick: () => removeChip(keys) }, label, h("span", { "aria-hidden": "true" }, " ×"))));
    if (st.text) chip(`“${st.text}”`, ["text"]);
    for (const key of ["actor", "recipient", "party"]) {
      if (!st[key]) continue;
      const name = codeName(st[key]);
      chip(`${CODE_NAMES[key]}: ${st[key]}${name ? " " + name : ""}${st.exact ? " (whole code)" : ""}`, [key]);
    }
    for (const key of ["country", "actor_country", "recipient_country"]) {
      if (st[key]) chip(`${CODE_NAMES[key]}: ${countryName(st[key]) || st[key]}`, [key]);
    }
    for (const [key, name] of [["cameo", "CAMEO"], ["story", "Story"]]) {
      if (st[key]) chip(`${name}: ${st[key]}`, [key]);
    }
    if (st.sector) chip(`Sector: ${st.sector} ${sectorShort(st.sector)}`, ["sector"]);
    if (st.event) chip(`Type: ${st.event.join(", ")}`, ["event"]);
    if (st.quad) chip(`Quad: ${st.quad.map((q) => quadName(q)).join(", ")}`, ["quad"]);
    if (st.aux) chip(`Mode: ${st.aux.join(", ")}`, ["aux"]);
    if (st.with_negated) chip("With negated", ["with_negated"]);
    if (st.since || st.until) chip(`Dates: ${st.since ? fmtDate(st.since) : "…"} – ${st.until ? fmtDate(st.until) : "…"}`, ["since", "until"]);
    if (st.min_confidence) chip(`Confidence ≥ ${st.min_confidence}`, ["min_confidence"]);
    if (st.bbox) chip("Map area", ["bbox"]);
    if (items.length > 1) {
      items.push(h("li", {}, h("button", { type: "button", class: "linkish", dataset: { keys: "all" }, onclick: clearAll }, "Clear all")));
    }
    fill(chips, items.length ? [h("span", { class: "muted" }, "Filters: "), h("ul", {}, items)]
      : h("span", { class: "muted", tabindex: "-1", id: "no-filters" }, "No filters: all events. Narrow them with the filters, on the timeline, the network or the map."));
    if (focused) {
      // the focus stays in the row: on the same chip, else the next one, else the row itself
      const same = chips.querySelector(`[data-keys="${focused}"]`);
      (same || chips.querySelector("button") || chips.querySelector("#no-filters"))?.focus();
    }
  }

  function removeChip(keys) {
    const changes = Object.fromEntries(keys.map((k) => [k, null]));
    const st = state.get();
    // "whole codes only" means nothing once no code is left
    if (["actor", "recipient", "party"].every((k) => keys.includes(k) || !st[k])) changes.exact = null;
    state.update(changes);
  }

  return { write, setCounts };
}

/** The drawer the filters fold into on a phone: a button that opens and closes it. */
export function createDrawer(aside, button) {
  const phone = window.matchMedia("(max-width: 760px)");
  const set = (open) => {
    aside.dataset.open = String(open);
    button.setAttribute("aria-expanded", String(open));
  };
  set(false);
  button.addEventListener("click", () => set(aside.dataset.open !== "true"));
  return {
    setCount(n) {
      fill(button, n ? `Filters (${n} applied)` : "Filters");
    },
    closeOnPhone() {
      if (phone.matches && aside.dataset.open === "true") {
        set(false);
        button.focus();
      }
    },
  };
}
