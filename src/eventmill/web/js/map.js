// The map: event locations on an offline world basemap (Natural Earth countries, bundled in
// ../basemap.js). Nearby places are clustered at the current zoom; a marker's outline tells
// how precise its place is (a country-only place sits at the country's centre). Clicking a
// marker keeps the events in its area (bbox); clicking a country keeps that country's. The
// markers are one tab stop: the arrow keys go from marker to marker (busiest first), + and -
// zoom. On a narrow screen the map is lower, so it fits beside the thumb.
import { COUNTRIES } from "../basemap.js";
import { latest } from "./api.js";
import { fill, fmtNumber, h, plural, s, showError } from "./dom.js";
import { roving } from "./roving.js";
import * as state from "./state.js";
import { conflictColour, countryName } from "./vocab.js";

let HEIGHT = 380;
const heightFor = (width) => Math.round(Math.min(380, Math.max(220, width * 0.62)));
const CLUSTER_PX = 26;
const EXACT = new Set(["city", "landmark", "point", "address", "neighbourhood"]);

function precisionClass(places) {
  if (places.every((p) => p.precision === "country")) return "p-country";
  if (places.every((p) => !EXACT.has(p.precision) && p.precision !== "country")) return "p-region";
  return "p-exact";
}

export function createMap(root) {
  const request = latest();
  const chart = h("div", { class: "chart map", id: "map-chart" });
  const zoomIn = h("button", { type: "button", "aria-label": "Zoom in", onclick: () => zoom(1.6) }, "+");
  const zoomOut = h("button", { type: "button", "aria-label": "Zoom out", onclick: () => zoom(1 / 1.6) }, "−");
  const fit = h("button", { type: "button", onclick: () => { fitTo(places); draw(); } }, "Fit events");
  const world = h("button", { type: "button", onclick: () => { view = { cx: 180, cy: 80, z: minZoom() }; fitted = false; draw(); } }, "World");
  const note = h("p", { class: "hint" });
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", { id: "map-title" }, "Where"),
      h("div", { class: "map-tools", role: "group", "aria-label": "Map zoom" }, zoomIn, zoomOut, fit, world)),
    chart,
    h("p", { class: "legend" },
      h("span", { class: "pkey p-exact", "aria-hidden": "true" }), " town or landmark ",
      h("span", { class: "pkey p-region", "aria-hidden": "true" }), " region ",
      h("span", { class: "pkey p-country", "aria-hidden": "true" }), " country only (drawn at its centre); numbers are events."),
    note,
  );

  let places = [];
  let st = {};
  let view = { cx: 180, cy: 80, z: 1 };
  let width = 600;
  let svg = null;
  let fitted = true; // the view is the fit to the events (not moved by the user): keep it so on resizing
  const keys = roving(chart, ".marker", { extraKeys: { "+": () => zoom(1.6), "=": () => zoom(1.6), "-": () => zoom(1 / 1.6) } });
  new ResizeObserver(() => {
    if (!svg) return;
    width = Math.max(260, chart.clientWidth || 600);
    HEIGHT = heightFor(width);
    if (fitted) fitTo(places);
    draw();
  }).observe(chart);

  function minZoom() {
    return Math.min(width / 360, HEIGHT / 150);
  }

  function fitTo(list) {
    fitted = true;
    width = Math.max(260, chart.clientWidth || 600);
    HEIGHT = heightFor(width);
    if (!list.length) {
      view = { cx: 180, cy: 80, z: minZoom() };
      return;
    }
    const xs = list.map((p) => p.lon + 180);
    const ys = list.map((p) => 90 - p.lat);
    let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const span = Math.max(x1 - x0, (y1 - y0) * (width / HEIGHT), 60);
    const mid = [(x0 + x1) / 2, (y0 + y1) / 2];
    [x0, x1] = [mid[0] - span * 0.6, mid[0] + span * 0.6];
    [y0, y1] = [mid[1] - (span * 0.6 * HEIGHT) / width, mid[1] + (span * 0.6 * HEIGHT) / width];
    view = { cx: mid[0], cy: mid[1], z: Math.max(minZoom(), Math.min(width / (x1 - x0), HEIGHT / (y1 - y0))) };
  }

  function zoom(factor) {
    fitted = false;
    view.z = Math.max(minZoom(), Math.min(300, view.z * factor));
    draw();
  }

  async function refresh(next) {
    st = next;
    const params = state.filterParams(st);
    root.dataset.state = "loading";
    try {
      const body = await request("places", params);
      places = body.places;
      fitTo(places);
      draw();
      root.dataset.state = "ready";
    } catch (err) {
      if (err.name !== "AbortError") {
        root.dataset.state = "error";
        showError(err);
      }
    }
  }

  function clusters(x0, y0) {
    const out = [];
    for (const p of places) {
      const px = (p.lon + 180 - x0) * view.z;
      const py = (90 - p.lat - y0) * view.z;
      const near = out.find((c) => Math.hypot(c.px - px, c.py - py) < CLUSTER_PX);
      if (near) {
        near.places.push(p);
        const w = near.events + p.events;
        near.px = (near.px * near.events + px * p.events) / w;
        near.py = (near.py * near.events + py * p.events) / w;
        near.events = w;
      } else {
        out.push({ px, py, events: p.events, places: [p] });
      }
    }
    return out;
  }

  function draw() {
    width = Math.max(260, chart.clientWidth || width);
    HEIGHT = heightFor(width);
    const { z } = view;
    const [vw, vh] = [width / z, HEIGHT / z];
    const x0 = view.cx - vw / 2;
    const y0 = view.cy - vh / 2;
    svg = s("svg", { width, height: HEIGHT, viewBox: `${x0} ${y0} ${vw} ${vh}`, class: "worldmap", role: "group",
      "aria-label": `Map of ${plural(places.length, "place")} with events` });
    const withEvents = new Set(places.map((p) => p.country));
    const land = s("g", { class: "countries" });
    for (const c of COUNTRIES) {
      const title = c.iso3 ? `${countryName(c.iso3) || c.name} (${c.iso3}): click to keep its events` : `${c.name} (no ISO code)`;
      land.append(s("path", { d: c.d, class: `country${withEvents.has(c.iso3) ? " has-events" : ""}${st.country === c.iso3 ? " chosen" : ""}`,
        dataset: { iso3: c.iso3 || "" } }, s("title", {}, title)));
    }
    svg.append(s("rect", { x: -360, y: -180, width: 1080, height: 540, class: "sea" }), land);
    if (st.bbox) {
      const [w, so, e, n] = st.bbox.split(",").map(Number);
      if ([w, so, e, n].every(Number.isFinite)) {
        svg.append(s("rect", { x: w + 180, y: 90 - n, width: Math.max(e - w, 0.01), height: Math.max(n - so, 0.01), class: "bbox" }));
      }
    }
    const markers = s("g", { class: "markers" });
    for (const c of clusters(x0, y0).sort((a, b) => b.events - a.events)) {
      const x = x0 + c.px / z;
      const y = y0 + c.py / z;
      const r = Math.min(22, 6 + 3.2 * Math.sqrt(c.events)) / z;
      const coop = c.places.reduce((t, p) => t + p.quad1 + p.quad2, 0);
      const conflict = c.places.reduce((t, p) => t + p.quad3 + p.quad4, 0);
      const names = c.places.slice(0, 6).map((p) => `${p.name || "?"}${p.country ? ", " + p.country : ""} (${p.precision || "?"} precision): ${fmtNumber(p.events)}`);
      const more = c.places.length > 6 ? `; and ${c.places.length - 6} more places` : "";
      const label = `${plural(c.events, "event")} at ${names.join("; ")}${more}. Keep the events in this area.`;
      const pick = () => state.update({ bbox: bboxOf(c.places), open: null });
      const top = c.places[0];
      markers.append(s("g", { class: `marker ${precisionClass(c.places)}`, tabindex: "-1", role: "button", "aria-label": label,
        dataset: { key: `${top.name}|${top.lat}|${top.lon}` },
        onclick: (e) => { e.stopPropagation(); pick(); } },
        s("title", {}, label),
        s("circle", { cx: x, cy: y, r, fill: conflictColour(coop, conflict) }),
        s("text", { x, y: y + 3.6 / z, "font-size": 10 / z, "text-anchor": "middle" }, fmtNumber(c.events))));
    }
    svg.append(markers);
    interact(svg, x0, y0);
    keys.render(() => fill(chart, svg), [...markers.children]);
    note.textContent = places.length
      ? "Click a marker to keep the events in its area, or a country to keep that country's. Drag to move the map; + and − zoom. In the map, the arrow keys go from marker to marker."
      : "No events with a located place match these filters.";
  }

  function interact(el, x0, y0) {
    let drag = null;
    el.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest(".marker")) return;
      drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy, moved: false };
      el.setPointerCapture(e.pointerId);
    });
    el.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const [dx, dy] = [e.clientX - drag.x, e.clientY - drag.y];
      if (Math.hypot(dx, dy) > 4) drag.moved = true;
      if (drag.moved) el.setAttribute("viewBox", `${x0 - dx / view.z} ${y0 - dy / view.z} ${width / view.z} ${HEIGHT / view.z}`);
    });
    el.addEventListener("pointerup", (e) => {
      if (!drag) return;
      const d = drag;
      drag = null;
      if (d.moved) {
        fitted = false;
        view.cx = d.cx - (e.clientX - d.x) / view.z;
        view.cy = d.cy - (e.clientY - d.y) / view.z;
        draw();
        return;
      }
      const hit = document.elementsFromPoint(e.clientX, e.clientY).find((n) => n.classList && n.classList.contains("country"));
      if (hit && hit.dataset.iso3) state.update({ country: hit.dataset.iso3, open: null });
    });
  }

  return { refresh };
}

/** A bounding box "west,south,east,north" around places, padded so a single town has room. */
export function bboxOf(places) {
  const lons = places.map((p) => p.lon);
  const lats = places.map((p) => p.lat);
  const pad = Math.max(0.25, (Math.max(...lons) - Math.min(...lons)) * 0.1, (Math.max(...lats) - Math.min(...lats)) * 0.1);
  const round = (v) => Math.round(v * 100) / 100;
  const w = Math.max(-180, round(Math.min(...lons) - pad));
  const e = Math.min(180, round(Math.max(...lons) + pad));
  const so = Math.max(-90, round(Math.min(...lats) - pad));
  const n = Math.min(90, round(Math.max(...lats) + pad));
  return `${w},${so},${e},${n}`;
}
