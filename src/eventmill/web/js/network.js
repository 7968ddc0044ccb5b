// The dyad network: who acts towards whom. Edge width is the number of events, colour the
// share of conflict (blue cooperation, red conflict), arrows point at the recipient.
// Clicking an actor keeps its events (as actor or recipient); clicking a line keeps that pair.
import { latest } from "./api.js";
import { fill, fmtNumber, h, plural, s, showError } from "./dom.js";
import * as state from "./state.js";
import { conflictColour, countryName } from "./vocab.js";

const HEIGHT = 380;
const LIMIT = 40;

/**
 * Node positions: each connected group of actors laid out by a force simulation
 * (Fruchterman-Reingold, deterministic: the same data gives the same picture), then the
 * groups packed in rows, biggest first, so a dozen separate pairs do not scatter.
 */
function layout(nodes, edges, width) {
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const parent = nodes.map((_, i) => i);
  const root = (i) => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const e of edges) parent[root(index.get(e.actor))] = root(index.get(e.recipient));
  const groups = new Map();
  nodes.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) || []), i]));
  const boxes = [...groups.values()]
    .map((members) => settle(members, edges, index))
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

function settle(members, edges, index) {
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
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  // room for the nodes' circles and the labels under them
  return { points, x0, y0, w: Math.max(...xs) - x0 + 80, h: Math.max(...ys) - y0 + 46 };
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
      h("span", { class: "edge-key conflict", "aria-hidden": "true" }), " conflict; wider lines, more events; arrows point at the recipient."),
    note,
  );
  let data = null;
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
    const width = Math.max(300, chart.clientWidth || 500);
    note.textContent = edges.length >= LIMIT
      ? `The ${LIMIT} busiest pairs. Click an actor to keep its events, or a line to keep that pair.`
      : "Click an actor to keep its events, or a line to keep that pair.";
    if (!edges.length) {
      fill(chart, h("p", { class: "empty" }, "No events with both an actor and a recipient match these filters."));
      return;
    }
    const nodes = body.nodes.map((d) => ({ ...d, events: d.events_as_actor + d.events_as_recipient }));
    const pad = 6;
    const pos = layout(nodes, edges, width - 2 * pad);
    const height = Math.max(160, Math.max(...pos.map((p) => p.y)) + 30 + 2 * pad);
    const at = new Map(nodes.map((d, i) => [d.id, { x: pad + pos[i].x, y: pad + pos[i].y }]));
    const maxNode = Math.max(...nodes.map((d) => d.events));
    const radius = new Map(nodes.map((d) => [d.id, 5 + 11 * Math.sqrt(d.events / maxNode)]));
    const maxEdge = Math.max(...edges.map((e) => e.events));
    const pairs = new Set(edges.map((e) => `${e.actor}\u0000${e.recipient}`));
    const selected = [st.party, st.actor, st.recipient, st.level === "country" ? st.country : null].filter(Boolean);
    const isSelected = (id) => selected.some((code) => id === code || id.startsWith(code));

    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "network", role: "group",
      "aria-label": `Network of ${plural(nodes.length, "actor")} and ${plural(edges.length, "directed pair")}` });
    svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "3.2", markerHeight: "3.2", orient: "auto-start-reverse" },
      s("path", { d: "M0 0L10 5L0 10z", fill: "context-stroke" }))));

    const edgeLayer = s("g", { class: "edges" });
    for (const e of edges) {
      const a = at.get(e.actor);
      const b = at.get(e.recipient);
      if (!a || !b || e.actor === e.recipient) continue;
      const coop = e.quad1 + e.quad2;
      const conflict = e.quad3 + e.quad4;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.max(Math.hypot(dx, dy), 1);
      const bend = pairs.has(`${e.recipient}\u0000${e.actor}`) ? 0.18 : 0;
      const mx = (a.x + b.x) / 2 - dy * bend;
      const my = (a.y + b.y) / 2 + dx * bend;
      const ra = radius.get(e.actor) + 2;
      const rb = radius.get(e.recipient) + 4;
      const [ax, ay] = [a.x + ((mx - a.x) / Math.hypot(mx - a.x, my - a.y)) * ra, a.y + ((my - a.y) / Math.hypot(mx - a.x, my - a.y)) * ra];
      const [bx, by] = [b.x + ((mx - b.x) / Math.hypot(mx - b.x, my - b.y)) * rb, b.y + ((my - b.y) / Math.hypot(mx - b.x, my - b.y)) * rb];
      const title = `${e.actor} → ${e.recipient}: ${plural(e.events, "event")} (${coop} cooperation, ${conflict} conflict), ` +
        `mean Goldstein ${fmtNumber(e.goldstein_mean, 1)}; ${e.first_date} to ${e.last_date}. Click to keep this pair.`;
      edgeLayer.append(s("path", {
        d: `M${ax} ${ay}Q${mx} ${my} ${bx} ${by}`, class: "edge", stroke: conflictColour(coop, conflict),
        "stroke-width": (1.2 + 6 * Math.sqrt(e.events / maxEdge)).toFixed(1), "marker-end": "url(#arrow)",
        dataset: { actor: e.actor, recipient: e.recipient },
        onclick: () => state.update({ actor: e.actor, recipient: e.recipient, party: null, open: null }),
      }, s("title", {}, title)));
    }
    const nodeLayer = s("g", { class: "nodes" });
    for (const d of nodes) {
      const p = at.get(d.id);
      const name = st.level === "country" ? countryName(d.id) : "";
      const label = `${d.id}${name ? " (" + name + ")" : ""}: ${plural(d.events_as_actor, "event")} as actor, ${fmtNumber(d.events_as_recipient)} as recipient. Keep its events.`;
      const pick = () => state.update({ party: d.id, actor: null, recipient: null, open: null });
      const g = s("g", { class: `node${isSelected(d.id) ? " selected" : ""}`, tabindex: "0", role: "button", "aria-label": label,
        dataset: { id: d.id }, onclick: pick,
        onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } } },
        s("title", {}, label),
        s("circle", { cx: p.x, cy: p.y, r: radius.get(d.id) }),
        s("text", { x: p.x, y: p.y + radius.get(d.id) + 11, "text-anchor": "middle" }, d.id));
      nodeLayer.append(g);
    }
    svg.append(edgeLayer, nodeLayer);
    fill(chart, svg);
  }

  return { refresh };
}
