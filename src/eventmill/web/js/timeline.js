// The timeline: events per week stacked by quad class, with the mean Goldstein score as a
// line, optionally divided by the stories published that week. Dragging across it (or
// clicking one bar) sets the date filter; it shows every date, with the chosen range shaded,
// so the rest of the story stays in view.
import { getJSON } from "./api.js";
import { addDays, daysBetween, fill, fmtDate, fmtNumber, h, plural, s, showError } from "./dom.js";
import * as state from "./state.js";
import { QUAD_COLOURS, quadName } from "./vocab.js";

const HEIGHT = 210;
const M = { top: 12, right: 46, bottom: 30, left: 46 };
const MAX_WEEKS = 160;

function niceStep(max, ticks) {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * mag).find((st) => raw <= st) || mag * 10;
}

function nextPeriod(period, interval) {
  if (interval === "week") return addDays(period, 7);
  const [y, m] = period.split("-").map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

function periodEnd(period, interval) {
  if (interval === "week") return addDays(period, 6);
  const [y, m] = period.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The timeline. It spans the weeks the stories were published in (from four weeks before
 * the first), widened to the dates asked for: a story recalling 1956 would otherwise squeeze
 * two years of news into a sliver. The events dated outside are counted under the chart.
 */
export function createTimeline(root, { stats }) {
  let generation = 0;
  const norm = h("input", { type: "checkbox", id: "tl-norm", onchange: () => state.update({ norm: norm.checked ? "1" : null }) });
  const clear = h("button", { type: "button", class: "linkish", hidden: true, onclick: () => state.update({ since: null, until: null }) }, "Clear the dates");
  const note = h("p", { class: "hint" });
  const chart = h("div", { class: "chart", id: "timeline-chart" });
  const legend = h(
    "p",
    { class: "legend" },
    [1, 2, 3, 4].map((q) => [h("span", { class: `swatch q${q}`, "aria-hidden": "true" }), ` ${quadName(q)} `]),
    h("span", { class: "line-key", "aria-hidden": "true" }),
    " mean Goldstein (right axis, −10 conflict to +10 cooperation)",
  );
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", { id: "timeline-title" }, "Timeline"),
      h("label", { class: "inline", for: "tl-norm" }, norm, " Divide by the stories published"), clear),
    chart,
    legend,
    note,
  );

  let data = null;
  const resize = new ResizeObserver(() => data && draw());
  resize.observe(chart);

  async function refresh(st) {
    const mine = ++generation;
    norm.checked = st.norm === "1";
    clear.hidden = !(st.since || st.until);
    const base = state.filterParams(st, ["since", "until"]);
    let lo = stats.first_date ? addDays(stats.first_date, -28) : null;
    let hi = stats.last_date || null;
    if (st.since && (!lo || st.since < lo)) lo = st.since;
    if (st.until && (!hi || st.until > hi)) hi = st.until;
    const params = new URLSearchParams(base);
    params.set("by", "quad");
    params.set("normalize", st.norm === "1" ? "true" : "false");
    params.set("fill", "false");
    params.set("interval", lo && hi && daysBetween(lo, hi) / 7 > MAX_WEEKS ? "month" : "week");
    if (lo) params.set("since", lo);
    if (hi) params.set("until", hi);
    const outside = (key, day) => {
      if (!day) return Promise.resolve(0);
      const q = new URLSearchParams(base);
      q.set(key, day);
      q.set("limit", "1");
      q.set("total", "true");
      return getJSON("events", q).then((page) => page.total);
    };
    root.dataset.state = "loading";
    try {
      const [body, before, after] = await Promise.all([
        getJSON("timeseries", params), outside("until", lo && addDays(lo, -1)), outside("since", hi && addDays(hi, 1)),
      ]);
      if (mine !== generation) return;
      data = { ...summarise(body), st, before, after, lo, hi };
      draw();
      root.dataset.state = "ready";
    } catch (err) {
      if (mine !== generation) return;
      root.dataset.state = "error";
      showError(err);
    }
  }

  function summarise(body) {
    const byPeriod = new Map();
    for (const r of body.series) {
      const p = byPeriod.get(r.period) || { period: r.period, quads: { 1: 0, 2: 0, 3: 0, 4: 0 }, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, events: 0, gsum: 0, documents: r.documents };
      const value = body.normalize ? r.normalized || 0 : r.events;
      p.quads[r.quad_code] += value;
      p.counts[r.quad_code] += r.events;
      p.events += r.events;
      p.gsum += r.goldstein_sum || 0;
      byPeriod.set(r.period, p);
    }
    const found = [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
    const periods = [];
    for (let p = found[0]?.period; found.length && p <= found.at(-1).period; p = nextPeriod(p, body.interval)) {
      periods.push(byPeriod.get(p) || { period: p, quads: { 1: 0, 2: 0, 3: 0, 4: 0 }, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, events: 0, gsum: 0, documents: null });
    }
    return { periods, interval: body.interval, normalize: body.normalize };
  }

  function draw() {
    const { periods, interval, normalize, st, before, after, lo, hi } = data;
    const width = Math.max(320, chart.clientWidth || 600);
    const plotW = width - M.left - M.right;
    const plotH = HEIGHT - M.top - M.bottom;
    const unit = interval === "week" ? "week" : "month";
    const elsewhere = [before ? `${plural(before, "event")} dated before ${fmtDate(lo)}` : "", after ? `${fmtNumber(after)} after ${fmtDate(hi)}` : ""]
      .filter(Boolean).join(" and ");
    note.textContent = (interval === "week" ? "Drag across the bars (or click one) to show only those weeks in the table."
      : "The stories span years, so events are counted by month. Drag across the bars to pick months.") +
      (elsewhere ? ` Not drawn: ${elsewhere} (dates the stories recall or announce); the table lists them, and the From and To filters reach them.` : "");
    if (!periods.length) {
      fill(chart, h("p", { class: "empty" }, "No dated events match these filters."));
      return;
    }
    const totals = periods.map((p) => p.quads[1] + p.quads[2] + p.quads[3] + p.quads[4]);
    const max = Math.max(...totals, normalize ? 0.01 : 1);
    const step = niceStep(max, 4);
    const top = Math.ceil(max / step) * step;
    const bw = plotW / periods.length;
    const y = (v) => M.top + plotH - (v / top) * plotH;
    const gy = (g) => M.top + plotH / 2 - (g / 10) * (plotH / 2);
    const svg = s("svg", { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img", class: "timeline",
      "aria-label": `${normalize ? "Events per story" : "Events"} per ${unit} from ${fmtDate(periods[0].period)} to ${fmtDate(periods.at(-1).period)}, stacked by quad class` });

    for (let v = 0; v <= top + 1e-9; v += step) {
      svg.append(s("line", { x1: M.left, x2: M.left + plotW, y1: y(v), y2: y(v), class: "grid" }),
        s("text", { x: M.left - 6, y: y(v) + 4, class: "tick", "text-anchor": "end" }, fmtNumber(v, normalize ? 2 : 0)));
    }
    for (const g of [-10, 0, 10]) {
      svg.append(s("text", { x: M.left + plotW + 6, y: gy(g) + 4, class: "tick" }, g > 0 ? `+${g}` : String(g)));
    }
    svg.append(s("line", { x1: M.left, x2: M.left + plotW, y1: gy(0), y2: gy(0), class: "zero" }));
    svg.append(s("text", { x: 12, y: M.top + plotH / 2, class: "axis-title", transform: `rotate(-90 12 ${M.top + plotH / 2})`, "text-anchor": "middle" },
      normalize ? "events per story" : "events"));

    // the chosen date range
    if (st.since || st.until) {
      const i0 = periods.findIndex((p) => !st.since || periodEnd(p.period, interval) >= st.since);
      let i1 = periods.length - 1;
      while (i1 >= 0 && st.until && periods[i1].period > st.until) i1--;
      if (i0 >= 0 && i1 >= i0) {
        svg.append(s("rect", { x: M.left + i0 * bw, y: M.top, width: (i1 - i0 + 1) * bw, height: plotH, class: "selected-range" }));
      }
    }

    periods.forEach((p, i) => {
      let base = 0;
      for (const q of [1, 2, 3, 4]) {
        const v = p.quads[q];
        if (!v) continue;
        svg.append(s("rect", { x: M.left + i * bw + bw * 0.12, width: Math.max(1, bw * 0.76), y: y(base + v), height: y(base) - y(base + v), fill: QUAD_COLOURS[q], class: "bar" }));
        base += v;
      }
    });

    // mean Goldstein: dots joined where neighbouring periods both have events
    let path = "";
    periods.forEach((p, i) => {
      if (!p.events) return;
      const x = M.left + (i + 0.5) * bw;
      const g = p.gsum / p.events;
      path += `${i > 0 && periods[i - 1].events ? "L" : "M"}${x.toFixed(1)} ${gy(g).toFixed(1)}`;
      svg.append(s("circle", { cx: x, cy: gy(g), r: 2.5, class: "gdot" }));
    });
    svg.append(s("path", { d: path, class: "gline" }));

    const every = Math.max(1, Math.ceil(70 / bw));
    let lastYear = null;
    periods.forEach((p, i) => {
      if (i % every) return;
      const year = p.period.slice(0, 4);
      const label = interval === "week" ? fmtDate(p.period, { year: year !== lastYear }) : `${fmtDate(p.period).split(" ").slice(1).join(" ")}`;
      lastYear = year;
      svg.append(s("text", { x: M.left + (i + 0.5) * bw, y: HEIGHT - 10, class: "tick", "text-anchor": "middle" }, label));
    });

    // hover columns (each with its numbers) that also take the brush
    const hits = s("g", { class: "hits" });
    periods.forEach((p, i) => {
      const parts = [1, 2, 3, 4].filter((q) => p.counts[q]).map((q) => `${p.counts[q]} ${quadName(q)}`);
      const title = `${unit === "week" ? "Week of " : ""}${fmtDate(p.period)}: ${plural(p.events, "event")}` +
        (parts.length ? ` (${parts.join(", ")})` : "") +
        (p.events ? `; mean Goldstein ${fmtNumber(p.gsum / p.events, 1)}` : "") +
        (normalize && p.documents !== null ? `; ${plural(p.documents, "story", "stories")} published` : "");
      hits.append(s("rect", { x: M.left + i * bw, y: M.top, width: bw, height: plotH, class: "hit", dataset: { period: p.period } }, s("title", {}, title)));
    });
    svg.append(hits);
    const brush = s("rect", { class: "brush", x: 0, y: M.top, width: 0, height: plotH, visibility: "hidden" });
    svg.append(brush);

    const index = (e) => {
      const box = svg.getBoundingClientRect();
      return Math.max(0, Math.min(periods.length - 1, Math.floor((e.clientX - box.left - M.left) / bw)));
    };
    let start = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      start = index(e);
      svg.setPointerCapture(e.pointerId);
      brush.setAttribute("visibility", "visible");
      show(start, start);
    });
    svg.addEventListener("pointermove", (e) => start !== null && show(start, index(e)));
    svg.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const [a, b] = [start, index(e)].sort((u, v) => u - v);
      start = null;
      brush.setAttribute("visibility", "hidden");
      state.update({ since: periods[a].period, until: periodEnd(periods[b].period, interval), open: null });
    });
    function show(a, b) {
      const [lo, hi] = [a, b].sort((u, v) => u - v);
      brush.setAttribute("x", M.left + lo * bw);
      brush.setAttribute("width", (hi - lo + 1) * bw);
    }
    fill(chart, svg);
  }

  return { refresh };
}
