// The dyad network: who acts towards whom. Edge width is the number of events, colour the
// share of conflict (blue cooperation, red conflict), arrows point at the recipient; a loop
// is a country's (or an actor's) events towards itself. Clicking an actor keeps its events
// (either side), a line its pair: each tooltip counts exactly what its click shows (the API
// counts a node as its click selects). The chart is one tab stop: the arrow keys move
// between actors and then lines, Enter or Space picks one.
import { latest } from "./api.js";
import { fill, fmtNumber, h, plural, s, showError } from "./dom.js";
import { roving } from "./roving.js";
import * as state from "./state.js";
import { codeName, conflictColour, countryName } from "./vocab.js";

const LIMIT = 40;
const LOOP_ROOM = 60; // above a node: its loop and the loop's count

/**
 * Node positions: each connected group of actors laid out by a force simulation
 * (Fruchterman-Reingold, deterministic: the same data gives the same picture), then the
 * groups packed in rows, biggest first, so a dozen separate pairs do not scatter.
 */
function layout(nodes, edges, width) {
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const loops = new Set(edges.filter((e) => e.actor === e.recipient).map((e) => index.get(e.actor)));
  const parent = nodes.map((_, i) => i);
  const root = (i) => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const e of edges) parent[root(index.get(e.actor))] = root(index.get(e.recipient));
  const groups = new Map();
  nodes.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) || []), i]));
  const boxes = [...groups.values()]
    .map((members) => settle(members, edges, index, loops))
    .sort((a, b) => b.h * b.w - a.h * a.w || a.points[0][0] - b.points[0][0]);
  // skyline packing: each group goes where the columns it covers are lowest, biggest first
  const cell = 4;
  const sky = new Array(Math.max(1, Math.floor(width / cell))).fill(0);
  const pos = nodes.map(() => ({ x: 0, y: 0 }));
  for (const box of boxes) {
    const span = Math.min(sky.length, Math.ceil(box.w / cell));
    let [best, bestTop] = [0, Infinity];
    for (let c = 0; c + span <= sky.length; c++) {
      const top = Math.max(...sky.slice(c, c + span));
      if (top < bestTop) [best, bestTop] = [c, top];
    }
    for (const [i, p] of box.points) pos[i] = { x: best * cell + p.x - box.x0 + 40, y: bestTop + p.y - box.y0 + 16 };
    for (let c = best; c < best + span; c++) sky[c] = bestTop + box.h;
  }
  return pos;
}

function settle(members, edges, index, loops) {
  const inGroup = new Set(members);
  const links = edges.map((e) => [index.get(e.actor), index.get(e.recipient)]).filter(([a, b]) => inGroup.has(a) && a !== b);
  const n = members.length;
  const k = 78;
  const pos = new Map(members.map((i, j) => {
    const a = (2 * Math.PI * j) / n;
    return [i, { x: Math.cos(a) * k * Math.sqrt(n) * 0.5, y: Math.sin(a) * k * Math.sqrt(n) * 0.5 }];
  }));
  if (n === 2) {
    pos.set(members[0], { x: 0, y: 0 });
    pos.set(members[1], { x: k, y: 0 });
  }
  let t = k / 2;
  for (let iter = 0; iter < (n > 2 ? 400 : 0); iter++) {
    const disp = new Map(members.map((i) => [i, { x: 0, y: 0 }]));
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const [i, j] = [members[a], members[b]];
        let dx = pos.get(i).x - pos.get(j).x;
        let dy = pos.get(i).y - pos.get(j).y;
        let d = Math.hypot(dx, dy);
        if (d < 0.01) [dx, dy, d] = [0.01 * (a - b), 0.01, 0.015];
        const f = (k * k) / d;
        disp.get(i).x += (dx / d) * f;
        disp.get(i).y += (dy / d) * f;
        disp.get(j).x -= (dx / d) * f;
        disp.get(j).y -= (dy / d) * f;
      }
    }
    for (const [i, j] of links) {
      const dx = pos.get(i).x - pos.get(j).x;
      const dy = pos.get(i).y - pos.get(j).y;
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const f = (d * d) / k;
      disp.get(i).x -= (dx / d) * f;
      disp.get(i).y -= (dy / d) * f;
      disp.get(j).x += (dx / d) * f;
      disp.get(j).y += (dy / d) * f;
    }
    for (const i of members) {
      const p = pos.get(i);
      const dv = disp.get(i);
      dv.x -= p.x * 0.05;
      dv.y -= p.y * 0.08;
      const d = Math.max(Math.hypot(dv.x, dv.y), 0.01);
      p.x += (dv.x / d) * Math.min(d, t);
      p.y += (dv.y / d) * Math.min(d, t);
    }
    t *= 0.99;
  }
  const points = [...pos.entries()];
  const xs = points.map(([, p]) => p.x);
  const ys = points.map(([, p]) => p.y);
  // room for the nodes' circles, the labels under them and the loops (with their counts) over them
  const above = Math.max(0, ...points.filter(([i]) => loops.has(i)).map(([, p]) => LOOP_ROOM - (p.y - Math.min(...ys))));
  const [x0, y0] = [Math.min(...xs), Math.min(...ys) - above];
  return { points, x0, y0, w: Math.max(...xs) - x0 + 80, h: Math.max(...ys) - y0 + 46 };
}

const LABEL = { line: 13, char1: 6.6, char2: 5.6 };

/**
 * Where each node's label goes: under it, else above, right or left, wherever it covers no
 * other label or node; else its first line alone; else none (the tooltip and the focus show
 * it). Busiest nodes first, so the actors that matter keep their names.
 */
function placeLabels(nodes, at, radius, width, loops) {
  // the loops over their nodes, with their counts, are kept clear too
  const boxes = nodes.filter((d) => loops.has(d.id)).map((d) => {
    const p = at.get(d.id);
    const r = radius.get(d.id);
    return { x0: p.x - r - 12, y0: p.y - r - 44, x1: p.x + r + 12, y1: p.y - r };
  });
  const circles = nodes.map((d) => {
    const p = at.get(d.id);
    const r = radius.get(d.id);
    return { x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r, id: d.id };
  });
  const free = (b, id) => b.x0 >= 1 && b.x1 <= width - 1 && b.y0 >= 0 && !boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) &&
    !circles.some((c) => c.id !== id && b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1);
  const out = new Map();
  for (const d of [...nodes].sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id))) {
    const p = at.get(d.id);
    const r = radius.get(d.id);
    let placed = null;
    for (const lines of d.lines.length > 1 ? [d.lines, d.lines.slice(0, 1)] : [d.lines]) {
      const w = Math.max(...lines.map((t, i) => t.length * (i ? LABEL.char2 : LABEL.char1))) + 4;
      const hgt = lines.length * LABEL.line;
      const spots = [
        { x: p.x, y: p.y + r + 3, anchor: "middle" },
        { x: p.x, y: p.y - r - 3 - hgt, anchor: "middle" },
        { x: p.x + r + 4, y: p.y - hgt / 2, anchor: "start" },
        { x: p.x - r - 4, y: p.y - hgt / 2, anchor: "end" },
      ];
      for (const spot of spots) {
        const x0 = spot.anchor === "middle" ? spot.x - w / 2 : spot.anchor === "start" ? spot.x : spot.x - w;
        const box = { x0, y0: spot.y, x1: x0 + w, y1: spot.y + hgt };
        if (free(box, d.id)) {
          placed = { ...spot, lines, box };
          break;
        }
      }
      if (placed) break;
    }
    if (placed) boxes.push(placed.box);
    out.set(d.id, placed || { x: p.x, y: p.y + r + 3, anchor: "middle", lines: d.lines.slice(0, 1), hidden: true,
      box: { y1: p.y + r + 3 + LABEL.line } });
  }
  return out;
}

export function createNetwork(root) {
  const request = latest();
  const level = h("select", { id: "net-level", onchange: () => state.update({ level: level.value === "code" ? null : level.value }) },
    h("option", { value: "code" }, "actor codes"), h("option", { value: "country" }, "countries"));
  const chart = h("div", { class: "chart", id: "network-chart" });
  const note = h("p", { class: "hint" });
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", { id: "network-title" }, "Who acts towards whom"),
      h("label", { class: "inline", for: "net-level" }, "Show ", level)),
    chart,
    h("p", { class: "legend" }, h("span", { class: "edge-key coop", "aria-hidden": "true" }), " cooperation ",
      h("span", { class: "edge-key conflict", "aria-hidden": "true" }), " conflict; wider lines, more events; arrows point at the recipient; a loop is a side's events towards itself."),
    note,
  );
  let data = null;
  const keys = roving(chart, "[data-key]");
  new ResizeObserver(() => data && draw()).observe(chart);

  async function refresh(st) {
    level.value = st.level === "country" ? "country" : "code";
    const params = state.filterParams(st);
    params.set("level", level.value);
    params.set("limit", String(LIMIT));
    root.dataset.state = "loading";
    try {
      data = { body: await request("dyads", params), st };
      draw();
      root.dataset.state = "ready";
    } catch (err) {
      if (err.name !== "AbortError") {
        root.dataset.state = "error";
        showError(err);
      }
    }
  }

  function draw() {
    const { body, st } = data;
    const { edges } = body;
    const byCountry = body.level === "country";
    const width = Math.max(280, chart.clientWidth || 500);
    note.textContent = (edges.length >= LIMIT ? `The ${LIMIT} busiest pairs. ` : "") +
      "Click an actor to show its events, or a line to show that pair's. In the chart, the arrow keys move from one to the next.";
    if (!edges.length) {
      keys.render(() => fill(chart, h("p", { class: "empty" }, "No events with both an actor and a recipient match these filters.")));
      return;
    }
    const name = (id, fallback) => (byCountry ? countryName(id) : codeName(id, fallback)) || "";
    const nodes = body.nodes.map((d) => {
      const words = name(d.id, d.name);
      return { ...d, weight: d.events_as_actor + d.events_as_recipient,
        lines: byCountry ? [words || d.id] : [d.id, words].filter(Boolean) };
    });
    const pad = 6;
    const pos = layout(nodes, edges, width - 2 * pad);
    const at = new Map(nodes.map((d, i) => [d.id, { x: pad + pos[i].x, y: pad + pos[i].y }]));
    const maxNode = Math.max(...nodes.map((d) => d.weight));
    const radius = new Map(nodes.map((d) => [d.id, 5 + 11 * Math.sqrt(d.weight / maxNode)]));
    const labels = placeLabels(nodes, at, radius, width, new Set(edges.filter((e) => e.actor === e.recipient).map((e) => e.actor)));
    const height = Math.max(160, ...[...labels.values()].map((l) => l.box.y1 + pad + 4));
    const maxEdge = Math.max(...edges.map((e) => e.events));
    const pairs = new Set(edges.map((e) => `${e.actor}\u0000${e.recipient}`));
    const codesOnly = { actor: null, recipient: null, party: null, exact: null };
    const isSelected = (id) => byCountry ? st.country === id
      : [st.party, st.actor, st.recipient].some((code) => code && (id === code || (!st.exact && id.startsWith(code))));
    const who = (id) => (name(id) ? `${id} (${name(id)})` : id);

    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "network", role: "group",
      "aria-label": `Network of ${plural(nodes.length, "actor")} and ${plural(edges.length, "directed pair")}; use the arrow keys to move between them` });
    svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "3.2", markerHeight: "3.2", orient: "auto-start-reverse" },
      s("path", { d: "M0 0L10 5L0 10z", fill: "context-stroke" }))));

    const edgeLayer = s("g", { class: "edges" });
    for (const e of [...edges].sort((a, b) => b.events - a.events)) {
      const a = at.get(e.actor);
      const b = at.get(e.recipient);
      if (!a || !b) continue;
      const coop = e.quad1 + e.quad2;
      const conflict = e.quad3 + e.quad4;
      const stroke = conflictColour(coop, conflict);
      const strokeWidth = (1.2 + 6 * Math.sqrt(e.events / maxEdge)).toFixed(1);
      const label = `${who(e.actor)} → ${e.actor === e.recipient ? "itself" : who(e.recipient)}: ${plural(e.events, "event")} ` +
        `(${coop} cooperation, ${conflict} conflict), mean Goldstein ${fmtNumber(e.goldstein_mean, 1)}; ${e.first_date} to ${e.last_date}. ` +
        `Click to show these ${plural(e.events, "event")}.`;
      const pick = () => state.update(byCountry
        ? { actor_country: e.actor, recipient_country: e.recipient, open: null }
        : { ...codesOnly, actor: e.actor, recipient: e.recipient, exact: "true", open: null });
      let d;
      let count = null;
      const r0 = radius.get(e.actor);
      if (e.actor === e.recipient) {
        // a loop over the node, its count at the top
        const [a1, a2, far] = [-Math.PI * 0.75, -Math.PI * 0.25, r0 + 42];
        const pt = (ang, dist) => [a.x + Math.cos(ang) * dist, a.y + Math.sin(ang) * dist];
        const [sx, sy] = pt(a1, r0 + 1);
        const [c1x, c1y] = pt(-Math.PI * 0.64, far);
        const [c2x, c2y] = pt(-Math.PI * 0.36, far);
        const [ex, ey] = pt(a2, r0 + 4);
        d = `M${sx} ${sy}C${c1x} ${c1y} ${c2x} ${c2y} ${ex} ${ey}`;
        count = s("text", { x: a.x, y: a.y - r0 - 33, class: "loop-count", "text-anchor": "middle", "aria-hidden": "true" }, fmtNumber(e.events));
      } else {
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const bend = pairs.has(`${e.recipient}\u0000${e.actor}`) ? 0.18 : 0;
        const mx = (a.x + b.x) / 2 - dy * bend;
        const my = (a.y + b.y) / 2 + dx * bend;
        const ra = r0 + 2;
        const rb = radius.get(e.recipient) + 4;
        const da = Math.max(Math.hypot(mx - a.x, my - a.y), 1);
        const db = Math.max(Math.hypot(mx - b.x, my - b.y), 1);
        d = `M${a.x + ((mx - a.x) / da) * ra} ${a.y + ((my - a.y) / da) * ra}Q${mx} ${my} ${b.x + ((mx - b.x) / db) * rb} ${b.y + ((my - b.y) / db) * rb}`;
      }
      edgeLayer.append(s("g", { class: "edge-item", tabindex: "-1", role: "button", "aria-label": label,
        dataset: { key: `e:${e.actor}>${e.recipient}` }, onclick: pick },
      s("title", {}, label),
      s("path", { d, class: "edge", stroke, "stroke-width": strokeWidth, "marker-end": "url(#arrow)",
        dataset: { actor: e.actor, recipient: e.recipient, events: String(e.events) } }),
      count));
    }
    const nodeLayer = s("g", { class: "nodes" });
    for (const d of [...nodes].sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id))) {
      const p = at.get(d.id);
      const words = name(d.id, d.name);
      const label = byCountry
        ? `${words || d.id} (${d.id}): ${plural(d.events, "event")} with ${words || d.id} as actor, recipient or place. Click to show them.`
        : `${d.id}${words ? " " + words : ""}: ${plural(d.events, "event")} with ${d.id} on either side. Click to show them.`;
      const pick = () => state.update(byCountry ? { country: d.id, open: null }
        : { ...codesOnly, party: d.id, exact: "true", open: null });
      const place = labels.get(d.id);
      const text = s("text", { x: place.x, y: place.y + 10, "text-anchor": place.anchor, class: place.hidden ? "label hidden-label" : "label" },
        place.lines.map((t, i) => s("tspan", { x: place.x, dy: i ? LABEL.line : 0, class: i ? "sub" : null }, t)));
      nodeLayer.append(s("g", { class: `node${isSelected(d.id) ? " selected" : ""}`, tabindex: "-1", role: "button", "aria-label": label,
        dataset: { id: d.id, key: `n:${d.id}`, events: String(d.events) }, onclick: pick },
      s("title", {}, label),
      s("circle", { cx: p.x, cy: p.y, r: radius.get(d.id) }),
      text));
    }
    svg.append(edgeLayer, nodeLayer);
    // the keyboard goes through the actors first (busiest first), then the lines
    keys.render(() => fill(chart, svg), [...nodeLayer.children, ...edgeLayer.children]);
  }

  return { refresh, svg: () => chart.querySelector("svg") };
}
