// The filter panel and the row of active-filter chips. Controls write the state (and so the
// address); the state writes the controls back, so back, forward and shared links show what
// is applied.
import { fill, fmtDate, fmtNumber, h } from "./dom.js";
import * as state from "./state.js";
import { countryName, quadName, quadSwatch, sectorLabel, vocabulary } from "./vocab.js";

const CODE_FIELDS = ["actor", "recipient", "party", "country", "cameo"];
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

function checkboxes(name, legend, items, open) {
  return h(
    "details",
    { class: "group", open: open || null },
    h("summary", {}, legend),
    h("fieldset", {}, h("legend", { class: "sr-only" }, legend),
      items.map(([value, label]) =>
        h("label", { class: "check" }, h("input", { type: "checkbox", name, value }), " ", label))),
  );
}

export function createFilters(form, chips, { stats, actors }) {
  const v = vocabulary();
  const counts = stats.events_by_type || {};
  const types = [...v.event_types].sort((a, b) => (counts[b] || 0) - (counts[a] || 0) || a.localeCompare(b));
  const sectors = [...new Set(actors.map((a) => a.sector).filter(Boolean))].sort();
  const conf = h("input", { id: "f-min_confidence", name: "min_confidence", type: "range", min: "0", max: "1", step: "0.05", value: "0" });
  const confOut = h("output", { for: "f-min_confidence", id: "f-min_confidence-out" }, "any");
  conf.addEventListener("input", () => (confOut.textContent = Number(conf.value) ? `≥ ${conf.value}` : "any"));

  fill(
    form,
    h("datalist", { id: "dl-actors" }, actors.map((a) => h("option", { value: a.code }, [a.name, a.country && countryName(a.country)].filter(Boolean)[0] || a.code))),
    h("datalist", { id: "dl-countries" }, Object.entries(v.countries).map(([code, name]) => h("option", { value: code }, name))),
    field("f-text", "Words in the evidence", textInput("f-text", "text", { type: "search", placeholder: "e.g. border" })),
    field("f-actor", "Actor code", textInput("f-actor", "actor", { list: "dl-actors", placeholder: "e.g. KEN or KENGOV", "aria-describedby": "f-actor-hint" }),
      "A code prefix: KEN is every Kenyan actor."),
    field("f-recipient", "Recipient code", textInput("f-recipient", "recipient", { list: "dl-actors" })),
    field("f-party", "Actor or recipient", textInput("f-party", "party", { list: "dl-actors" })),
    field("f-country", "Country (ISO3)", textInput("f-country", "country", { list: "dl-countries", placeholder: "e.g. ETH", "aria-describedby": "f-country-hint" }),
      "The actor's, the recipient's or the place's."),
    field("f-sector", "Sector", h("select", { id: "f-sector", name: "sector" }, h("option", { value: "" }, "any"),
      sectors.map((code) => h("option", { value: code }, `${code}: ${(sectorLabel(code) || "").split(":")[0] || code}`)))),
    checkboxes("event", "Event type", types.map((t) => [t, `${t}${counts[t] ? ` (${fmtNumber(counts[t])})` : ""}`])),
    checkboxes("quad", "Quad class", [1, 2, 3, 4].map((q) => [String(q), [quadSwatch(q), " ", quadName(q)]]), true),
    checkboxes("aux", "Mode", v.aux_modes.map((m) => [m, AUX_LABELS[m] || m])),
    h("label", { class: "check standalone" }, h("input", { type: "checkbox", name: "with_negated", value: "true", id: "f-with_negated" }), " Include negated events"),
    field("f-cameo", "CAMEO code prefix", textInput("f-cameo", "cameo", { placeholder: "e.g. 19 (fights)", inputmode: "numeric" })),
    h("div", { class: "field two", role: "group", "aria-label": "Dates" },
      h("div", {}, h("label", { for: "f-since" }, "From"), h("input", { id: "f-since", name: "since", type: "date" })),
      h("div", {}, h("label", { for: "f-until" }, "To"), h("input", { id: "f-until", name: "until", type: "date" }))),
    h("div", { class: "field" }, h("label", { for: "f-min_confidence" }, "Minimum confidence ", confOut), conf),
    field("f-bbox", "Map area", textInput("f-bbox", "bbox", { placeholder: "west,south,east,north", "aria-describedby": "f-bbox-hint" }),
      "Set by clicking a marker on the map."),
    field("f-story", "Story id", textInput("f-story", "story")),
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, "Apply"),
      h("button", { type: "button", class: "secondary", onclick: clearAll }, "Clear all")),
  );

  function read() {
    const data = new FormData(form);
    const changes = {};
    for (const key of state.FILTERS) {
      const values = data.getAll(key).map((x) => String(x).trim()).filter(Boolean);
      if (["event", "quad", "aux"].includes(key)) changes[key] = values;
      else changes[key] = values[0] || null;
    }
    for (const key of CODE_FIELDS) if (changes[key]) changes[key] = changes[key].toUpperCase();
    if (changes.min_confidence && Number(changes.min_confidence) === 0) changes.min_confidence = null;
    return changes;
  }

  function apply() {
    state.update({ ...read(), open: null });
  }

  function clearAll() {
    const none = Object.fromEntries(state.FILTERS.map((k) => [k, null]));
    state.update(none);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
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
    renderChips(st);
  }

  function renderChips(st) {
    const items = [];
    const chip = (label, keys) =>
      items.push(h("li", {}, h("button", { type: "button", class: "chip", "aria-label": `Remove filter: ${label}`,
        onclick: () => state.update(Object.fromEntries(keys.map((k) => [k, null]))) }, label, h("span", { "aria-hidden": "true" }, " ×"))));
    if (st.text) chip(`“${st.text}”`, ["text"]);
    for (const [key, name] of [["actor", "Actor"], ["recipient", "Recipient"], ["party", "Either side"], ["cameo", "CAMEO"], ["story", "Story"]]) {
      if (st[key]) chip(`${name}: ${st[key]}`, [key]);
    }
    if (st.country) chip(`Country: ${countryName(st.country) || st.country}`, ["country"]);
    if (st.sector) chip(`Sector: ${st.sector}`, ["sector"]);
    if (st.event) chip(`Type: ${st.event.join(", ")}`, ["event"]);
    if (st.quad) chip(`Quad: ${st.quad.map((q) => quadName(q)).join(", ")}`, ["quad"]);
    if (st.aux) chip(`Mode: ${st.aux.join(", ")}`, ["aux"]);
    if (st.with_negated) chip("With negated", ["with_negated"]);
    if (st.since || st.until) chip(`Dates: ${st.since ? fmtDate(st.since) : "…"} – ${st.until ? fmtDate(st.until) : "…"}`, ["since", "until"]);
    if (st.min_confidence) chip(`Confidence ≥ ${st.min_confidence}`, ["min_confidence"]);
    if (st.bbox) chip("Map area", ["bbox"]);
    if (items.length > 1) {
      items.push(h("li", {}, h("button", { type: "button", class: "linkish", onclick: clearAll }, "Clear all")));
    }
    fill(chips, items.length ? [h("span", { class: "muted" }, "Filters: "), h("ul", {}, items)]
      : h("span", { class: "muted" }, "No filters: all events. Narrow them on the left, on the timeline, the network or the map."));
  }

  return { write };
}
