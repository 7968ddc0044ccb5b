// Names for codes (from GET /vocabulary) and the colours the views share.
import { h } from "./dom.js";

let vocab = { event_types: [], quad_classes: {}, aux_modes: [], cameo: {}, sectors: {}, countries: {} };

export function setVocabulary(v) {
  vocab = v;
}

export function vocabulary() {
  return vocab;
}

export const QUAD_COLOURS = { 1: "#8cc2e6", 2: "#2166ac", 3: "#f4a582", 4: "#b2182b" };

export function quadName(q) {
  return vocab.quad_classes[String(q)] || `quad class ${q}`;
}

export function cameoLabel(code) {
  return (code && vocab.cameo[code]) || "";
}

export function countryName(iso3) {
  return (iso3 && vocab.countries[iso3]) || "";
}

export function sectorLabel(code) {
  return (code && vocab.sectors[code]) || "";
}

/** A sector's short name: "government" from "government: the executive and ...". */
export function sectorShort(code) {
  return (sectorLabel(code).split(":")[0] || "").split(" and ")[0];
}

/**
 * What an actor code stands for, in words: a country's name for a country code ("Kenya"),
 * the country and the sector for a country-and-sector code ("Kenya government"), else the
 * name the events most often give it (`fallback`, from the API), else "".
 */
export function codeName(code, fallback) {
  if (!code) return fallback || "";
  const country = vocab.countries[code.slice(0, 3)];
  if (code.length === 3 && country) return country;
  if (code.length === 6 && country && vocab.sectors[code.slice(3)]) return `${country} ${sectorShort(code.slice(3))}`;
  return fallback || "";
}

/** Blue for cooperation, red for conflict, grey between, by the share of conflict events. */
export function conflictColour(coop, conflict) {
  const total = coop + conflict;
  if (!total) return "#6b6b6b";
  const t = conflict / total;
  const blue = [33, 102, 172];
  const grey = [120, 120, 120];
  const red = [178, 24, 43];
  const [a, b, u] = t < 0.5 ? [blue, grey, t * 2] : [grey, red, (t - 0.5) * 2];
  const mix = a.map((c, i) => Math.round(c + (b[i] - c) * u));
  return `rgb(${mix.join(",")})`;
}

/** An actor as shown: its code with its name beside it, the sector and the words in a tooltip. */
export function actorLabel(actor) {
  if (!actor) return h("span", { class: "muted" }, "–");
  const code = actor.code || "";
  const name = actor.name || countryName(actor.country) || codeName(code);
  const tip = [name, sectorLabel(actor.sector), actor.entity_text ? `"${actor.entity_text}"` : ""].filter(Boolean);
  if (!code) return h("span", { class: "uncoded", title: "not resolved to an actor code" }, actor.entity_text || "–");
  return h("span", { class: "actor", title: tip.join(" · ") }, h("span", { class: "code" }, code),
    name && name !== code ? h("span", { class: "name" }, ` ${name}`) : null);
}

/** A small coloured key for a quad class. */
export function quadSwatch(q) {
  return h("span", { class: `swatch q${q}`, "aria-hidden": "true" });
}
