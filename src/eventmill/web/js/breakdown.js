// What the current view is made of (GET /breakdown): its busiest actors, pairs, event types
// and places, each a button that narrows the view to it; and the counts the filter lists
// show beside their values. Everything follows the filters. Each list is one tab stop (the
// arrow keys move inside it), so the keyboard crosses the panel in four steps.
import { latest } from "./api.js";
import { fill, fmtNumber, h, plural, showError } from "./dom.js";
import { roving } from "./roving.js";
import * as state from "./state.js";
import { codeName, countryName } from "./vocab.js";

export function createBreakdown(root, { onFacets }) {
  const request = latest();
  const TITLES = ["Actors (either side)", "Pairs (actor → recipient)", "Event types", "Places"];
  const boxes = TITLES.map((title) => h("div", { class: "top-list" }, h("h3", {}, title), h("div", {})));
  const keys = boxes.map((box) => roving(box, "button.top-item"));
  const lists = h("div", { class: "breakdown" }, boxes);
  fill(root,
    h("div", { class: "panel-head" }, h("h2", { id: "breakdown-title", tabindex: "-1" }, "In these events"),
      h("p", { class: "count", id: "breakdown-total" })),
    lists);

  function list(i, items) {
    const buttons = items.map(({ key, label, detail, events, pick, tip }) =>
      h("button", { type: "button", class: "top-item", tabindex: "-1", dataset: { key }, title: tip, onclick: pick },
        h("span", { class: "label" }, label, detail ? h("span", { class: "muted" }, ` ${detail}`) : null),
        h("span", { class: "num" }, fmtNumber(events))));
    keys[i].render(() => fill(boxes[i].lastElementChild, buttons.length
      ? h("ol", {}, buttons.map((b) => h("li", {}, b)))
      : h("p", { class: "muted small" }, "none")), buttons);
  }

  async function refresh(st) {
    const params = state.filterParams(st);
    params.set("limit", "6");
    root.dataset.state = "loading";
    let body;
    try {
      body = await request("breakdown", params);
    } catch (err) {
      if (err.name !== "AbortError") {
        root.dataset.state = "error";
        showError(err);
      }
      return;
    }
    onFacets(st, body.facets);
    const focused = root.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    const top = body.top;
    const codes = { actor: null, recipient: null, party: null, exact: null };
    root.querySelector("#breakdown-total").textContent = plural(body.total, "event");
    list(0, top.actors.map((a) => ({
        key: `actor:${a.code}`, label: a.code, detail: codeName(a.code, a.name), events: a.events,
        tip: `${plural(a.events, "event")} with ${a.code} on either side. Click to show ${a.code}'s events (whole code).`,
        pick: () => state.update({ ...codes, party: a.code, exact: "true", open: null }) })));
    list(1, top.dyads.map((d) => ({
        key: `dyad:${d.actor}>${d.recipient}`, label: `${d.actor} → ${d.recipient}`, events: d.events,
        detail: d.actor === d.recipient ? "(within)" : null,
        tip: `${plural(d.events, "event")} by ${d.actor} (${codeName(d.actor) || d.actor}) towards ${d.recipient} (${codeName(d.recipient) || d.recipient}). Click to show them.`,
        pick: () => state.update({ ...codes, actor: d.actor, recipient: d.recipient, exact: "true", open: null }) })));
    list(2, top.types.map((t) => ({
        key: `type:${t.event}`, label: t.event, events: t.events,
        tip: `${plural(t.events, "event")} of type ${t.event}. Click to show only them.`,
        pick: () => state.update({ event: [t.event], open: null }) })));
    list(3, top.places.map((p) => ({
        key: `place:${p.name}:${p.lat}:${p.lon}`, label: p.name || "?",
        detail: [countryName(p.country) || p.country, p.precision === "country" ? "(country only)" : null].filter(Boolean).join(" "),
        events: p.events,
        tip: `${plural(p.events, "event")} at ${p.name}. Click to keep the events within 0.01° of it.`,
        pick: () => state.update({ bbox: around(p), open: null }) })));
    // the focus stays where the reader acted: on the same entry (the lists see to it), else the heading
    if (focused && !root.contains(document.activeElement)) root.querySelector("h2").focus();
    root.dataset.state = "ready";
  }

  return { refresh };
}

/** A box of 0.01° around a place: its events and none from the next town. */
function around(p) {
  const r = (x) => Math.round(x * 1000) / 1000;
  return [r(Math.max(-180, p.lon - 0.01)), r(Math.max(-90, p.lat - 0.01)), r(Math.min(180, p.lon + 0.01)), r(Math.min(90, p.lat + 0.01))].join(",");
}
