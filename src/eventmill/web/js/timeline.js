// The timeline: events per day, week, month or year, stacked by quad class or by event type,
// with the mean Goldstein score as a line, optionally divided by the stories published in
// each period. Long stretches without events fold into a narrow break, so a store whose
// stories reach back years still shows its busy weeks; "Zoom to the dates" redraws just the
// chosen dates, more finely. Dragging across the bars (or Enter on one, from the keyboard)
// sets the date filter. Dates known only to their month or year are counted at its first
// day, and the periods holding such events say so (◆).
import { getJSON } from "./api.js";
import { addDays, daysBetween, fill, fmtDate, fmtNumber, h, plural, s, showError } from "./dom.js";
import { roving } from "./roving.js";
import * as state from "./state.js";
import { QUAD_COLOURS, quadName } from "./vocab.js";

const HEIGHT = 220;
const M = { top: 16, right: 46, bottom: 30, left: 46 };
const MAX_PERIODS = 1200;
const GAP_PX = 22;
const INTERVALS = ["day", "week", "month", "year"];
// how coarse a date precision is, against an interval (a date known to the month is no day)
const GRAIN = { day: 0, week: 1, month: 2, quarter: 3, season: 3, half: 4, year: 5, decade: 6, century: 7 };
// Okabe and Ito's colour-blind-safe palette, then grey for the rest
const TYPE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#332288"];
const OTHER = "other types";
const OTHER_COLOUR = "#9a9a9a";

function niceStep(max, ticks) {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * mag).find((st) => raw <= st) || mag * 10;
}

/** The first day of the period holding `iso` (ISO weeks start on Monday). */
function trunc(iso, interval) {
  if (interval === "day") return iso;
  if (interval === "week") {
    const d = new Date(Date.parse(iso));
    return addDays(iso, -((d.getUTCDay() + 6) % 7));
  }
  return interval === "month" ? `${iso.slice(0, 7)}-01` : `${iso.slice(0, 4)}-01-01`;
}

function nextPeriod(period, interval) {
  if (interval === "day") return addDays(period, 1);
  if (interval === "week") return addDays(period, 7);
  const [y, m] = period.split("-").map(Number);
  return interval === "month" ? new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10) : `${y + 1}-01-01`;
}

function periodEnd(period, interval) {
  return addDays(nextPeriod(period, interval), -1);
}

function periodName(period, interval) {
  if (interval === "week") return `week of ${fmtDate(period)}`;
  if (interval === "month") return fmtDate(period).split(" ").slice(1).join(" ");
  if (interval === "year") return period.slice(0, 4);
  return fmtDate(period);
}

function span(n, interval) {
  return plural(n, interval);
}

/** The interval that draws `days` days in a readable number of bars. */
function autoInterval(days) {
  if (days <= 92) return "day";
  if (days / 7 <= 160) return "week";
  if (days / 30.4 <= 360) return "month";
  return "year";
}

export function createTimeline(root, { statsLater }) {
  let generation = 0;
  const norm = h("input", { type: "checkbox", id: "tl-norm", onchange: () => state.update({ norm: norm.checked ? "1" : null }) });
  const stack = h("select", { id: "tl-stack", onchange: () => state.update({ tstack: stack.value === "quad" ? null : stack.value }) },
    h("option", { value: "quad" }, "quad class"), h("option", { value: "type" }, "event type"));
  const per = h("select", { id: "tl-int", onchange: () => state.update({ tint: per.value === "auto" ? null : per.value }) },
    h("option", { value: "auto" }, "as fits"), INTERVALS.map((i) => h("option", { value: i }, i)));
  const zoom = h("button", { type: "button", class: "secondary", id: "tl-zoom", hidden: true,
    onclick: () => state.update({ tzoom: state.get().tzoom ? null : "1" }) }, "Zoom to the dates");
  const clear = h("button", { type: "button", class: "linkish", hidden: true, id: "tl-clear",
    onclick: () => state.update({ since: null, until: null, tzoom: null }) }, "Clear the dates");
  const note = h("p", { class: "hint", id: "timeline-note" });
  const chart = h("div", { class: "chart", id: "timeline-chart" });
  const legend = h("p", { class: "legend", id: "timeline-legend" });
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", { id: "timeline-title" }, "Timeline"),
      h("label", { class: "inline", for: "tl-stack" }, "Stack by ", stack),
      h("label", { class: "inline", for: "tl-int" }, "Count per ", per),
      h("label", { class: "inline", for: "tl-norm" }, norm, " Divide by the stories published"), zoom, clear),
    chart,
    legend,
    note,
  );

  let data = null;
  const keys = roving(chart, "rect.hit");
  new ResizeObserver(() => data && draw()).observe(chart);

  async function refresh(st) {
    const mine = ++generation;
    root.dataset.state = "loading";
    let stats;
    try {
      stats = await statsLater;
    } catch {
      return; // the app says the server cannot be reached
    }
    if (mine !== generation) return;
    norm.checked = st.norm === "1";
    stack.value = st.tstack === "type" ? "type" : "quad";
    per.value = INTERVALS.includes(st.tint) ? st.tint : "auto";
    const dated = Boolean(st.since || st.until);
    const zoomed = st.tzoom === "1" && dated;
    clear.hidden = !dated;
    zoom.hidden = !dated;
    zoom.textContent = zoomed ? "Show every date" : "Zoom to the dates";
    zoom.setAttribute("aria-pressed", String(zoomed));
    let lo = stats.first_date ? addDays(stats.first_date, -28) : null;
    let hi = stats.last_date || null;
    if (zoomed) {
      lo = st.since || lo;
      hi = st.until || hi;
    } else {
      if (st.since && (!lo || st.since < lo)) lo = st.since;
      if (st.until && (!hi || st.until > hi)) hi = st.until;
    }
    let interval = INTERVALS.includes(st.tint) ? st.tint : lo && hi ? autoInterval(daysBetween(lo, hi)) : "week";
    let coarsened = null;
    while (lo && hi && interval !== "year" && daysBetween(lo, hi) / { day: 1, week: 7, month: 30.4 }[interval] > MAX_PERIODS) {
      coarsened = coarsened || interval;
      interval = INTERVALS[INTERVALS.indexOf(interval) + 1];
    }
    // Unzoomed, the counts cover every date (the filter's dates are shaded, not cut), and
    // the events dated outside the drawn stretch are counted from the same answer.
    const base = zoomed ? state.filterParams(st) : state.filterParams(st, ["since", "until"]);
    const byType = st.tstack === "type";
    const series = (by) => {
      const params = new URLSearchParams(base);
      params.set("by", by);
      params.set("interval", interval);
      params.set("fill", "false");
      params.set("normalize", by !== "precision" && st.norm === "1" ? "true" : "false");
      return getJSON("timeseries", params);
    };
    root.dataset.state = "loading";
    try {
      const [body, precision] = await Promise.all([
        series(byType ? "type" : "quad"), interval === "year" ? { series: [] } : series("precision"),
      ]);
      if (mine !== generation) return;
      const first = lo ? trunc(lo, interval) : null;
      const inside = (r) => (!first || r.period >= first) && (!hi || r.period <= hi);
      const sum = (test) => body.series.filter(test).reduce((n, r) => n + r.events, 0);
      const before = first ? sum((r) => r.period < first) : 0;
      const after = hi ? sum((r) => r.period > hi) : 0;
      body.series = body.series.filter(inside);
      precision.series = precision.series.filter(inside);
      data = { ...summarise(body, precision, byType, interval), st, before, after, lo: first || lo, hi, zoomed, coarsened };
      draw();
      root.dataset.state = "ready";
    } catch (err) {
      if (mine !== generation) return;
      root.dataset.state = "error";
      showError(err);
    }
  }

  function summarise(body, precision, byType, interval) {
    const key = byType ? "event" : "quad_code";
    const totals = new Map();
    for (const r of body.series) totals.set(String(r[key]), (totals.get(String(r[key])) || 0) + r.events);
    let keysInOrder;
    const colours = new Map();
    if (byType) {
      const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
      keysInOrder = ranked.slice(0, TYPE_COLOURS.length);
      keysInOrder.forEach((k, i) => colours.set(k, TYPE_COLOURS[i]));
      if (ranked.length > TYPE_COLOURS.length) {
        keysInOrder.push(OTHER);
        colours.set(OTHER, OTHER_COLOUR);
      }
    } else {
      keysInOrder = ["1", "2", "3", "4"];
      for (const q of keysInOrder) colours.set(q, QUAD_COLOURS[q]);
    }
    const named = new Set(keysInOrder);
    const empty = (period) => ({ period, values: {}, counts: {}, events: 0, gsum: 0, documents: null, imprecise: {} });
    const byPeriod = new Map();
    for (const r of body.series) {
      const p = byPeriod.get(r.period) || empty(r.period);
      const k = named.has(String(r[key])) ? String(r[key]) : OTHER;
      const value = body.normalize ? r.normalized || 0 : r.events;
      p.values[k] = (p.values[k] || 0) + value;
      p.counts[k] = (p.counts[k] || 0) + r.events;
      p.events += r.events;
      p.gsum += r.goldstein_sum || 0;
      if (body.normalize) p.documents = r.documents;
      byPeriod.set(r.period, p);
    }
    for (const r of precision.series) {
      if ((GRAIN[r.precision] ?? 0) <= GRAIN[interval]) continue;
      const p = byPeriod.get(r.period);
      if (p) p.imprecise[r.precision] = (p.imprecise[r.precision] || 0) + r.events;
    }
    return { byPeriod, interval, normalize: body.normalize, keysInOrder, colours, byType };
  }

  /** The periods to draw, with long runs of empty ones folded into gaps. */
  function slots() {
    const { byPeriod, interval, zoomed, lo, hi } = data;
    const found = [...byPeriod.keys()].sort();
    if (!found.length) return [];
    const first = zoomed && lo ? trunc(lo, interval) : found[0];
    const last = zoomed && hi ? trunc(hi, interval) : found.at(-1);
    const periods = [];
    for (let p = first; p <= last && periods.length <= MAX_PERIODS * 2; p = nextPeriod(p, interval)) {
      periods.push(byPeriod.get(p) || { period: p, values: {}, counts: {}, events: 0, gsum: 0, documents: null, imprecise: {} });
    }
    // a run of empty periods folds when it is long against the whole: a quiet fortnight stays drawn
    const fold = periods.length > 40 ? Math.max(12, Math.ceil(periods.length * 0.15)) : Infinity;
    const out = [];
    for (let i = 0; i < periods.length;) {
      let j = i;
      while (j < periods.length && !periods[j].events) j++;
      if (j - i >= fold) {
        out.push({ gap: true, from: periods[i].period, to: periods[j - 1].period, count: j - i });
        i = j;
      } else {
        out.push(periods[i]);
        i++;
      }
    }
    return out;
  }

  function draw() {
    const { interval, normalize, st, before, after, lo, hi, zoomed, coarsened, keysInOrder, colours, byType } = data;
    const width = Math.max(300, chart.clientWidth || 600);
    const plotW = width - M.left - M.right;
    const plotH = HEIGHT - M.top - M.bottom;
    const list = slots();
    const elsewhere = [before ? `${plural(before, "event")} dated before ${fmtDate(lo)}` : "", after ? `${fmtNumber(after)} after ${fmtDate(hi)}` : ""]
      .filter(Boolean).join(" and ");
    const gaps = list.filter((x) => x.gap);
    const imprecise = list.some((x) => !x.gap && Object.keys(x.imprecise).length);
    note.textContent = [
      `Events per ${interval}${coarsened ? ` (per ${coarsened} would be too many bars)` : ""}. Drag across the bars, or press Enter on one, to show only those dates${zoomed ? "" : "; then “Zoom to the dates” draws them alone"}.`,
      gaps.length ? `Long stretches without events are folded (the grey breaks: ${gaps.map((g) => span(g.count, interval)).join(", ")}).` : "",
      imprecise ? "◆ marks a period holding events known only to their month or year: they are counted at its first day." : "",
      elsewhere ? `Not drawn: ${elsewhere} (dates the stories recall or announce); the table lists them, and the From and To filters reach them.` : "",
    ].filter(Boolean).join(" ");
    fill(legend,
      keysInOrder.map((k) => [swatch(colours.get(k)), ` ${byType ? k : quadName(k)} `]),
      h("span", { class: "line-key", "aria-hidden": "true" }),
      " mean Goldstein (right axis, −10 conflict to +10 cooperation)");
    if (!list.length) {
      keys.render(() => fill(chart, h("p", { class: "empty" }, "No dated events match these filters.")));
      return;
    }
    const periods = list.filter((x) => !x.gap);
    const bw = Math.max(0.5, (plotW - gaps.length * GAP_PX) / Math.max(1, periods.length));
    const xs = [];
    let x = M.left;
    for (const slot of list) {
      xs.push(x);
      x += slot.gap ? GAP_PX : bw;
    }
    const totals = periods.map((p) => Object.values(p.values).reduce((a, b) => a + b, 0));
    const max = Math.max(...totals, normalize ? 0.01 : 1);
    const step = niceStep(max, 4);
    const top = Math.ceil(max / step) * step;
    const y = (v) => M.top + plotH - (v / top) * plotH;
    const gy = (g) => M.top + plotH / 2 - (g / 10) * (plotH / 2);
    const first = periods[0].period;
    const last = periods.at(-1).period;
    const svg = s("svg", { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "group", class: "timeline",
      "aria-label": `${normalize ? "Events per story" : "Events"} per ${interval} from ${periodName(first, interval)} to ${periodName(last, interval)}, ` +
        `stacked by ${byType ? "event type" : "quad class"}; use the arrow keys to move between periods` });

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

    // the chosen dates, shaded, when the chart shows more than them
    if ((st.since || st.until) && !zoomed) {
      const inside = list.map((slot, i) => [slot, i]).filter(([slot]) => {
        const start = slot.gap ? slot.from : slot.period;
        const end = periodEnd(slot.gap ? slot.to : slot.period, interval);
        return (!st.since || end >= st.since) && (!st.until || start <= st.until);
      });
      if (inside.length) {
        const [i0, i1] = [inside[0][1], inside.at(-1)[1]];
        const x1 = xs[i1] + (list[i1].gap ? GAP_PX : bw);
        svg.append(s("rect", { x: xs[i0], y: M.top, width: x1 - xs[i0], height: plotH, class: "selected-range" }));
      }
    }

    list.forEach((slot, i) => {
      if (slot.gap) {
        const label = `No events from ${fmtDate(slot.from)} to ${fmtDate(periodEnd(slot.to, interval))} (${span(slot.count, interval)})`;
        svg.append(s("g", { class: "gap" },
          s("rect", { x: xs[i] + 3, y: M.top, width: GAP_PX - 6, height: plotH, class: "gap-band" }),
          s("text", { x: xs[i] + GAP_PX / 2, y: M.top + plotH / 2, "text-anchor": "middle", class: "gap-mark" }, "≈"),
          s("title", {}, label)));
        return;
      }
      let base = 0;
      for (const k of keysInOrder) {
        const v = slot.values[k];
        if (!v) continue;
        svg.append(s("rect", { x: xs[i] + bw * 0.12, width: Math.max(0.6, bw * 0.76), y: y(base + v), height: y(base) - y(base + v),
          fill: colours.get(k), class: "bar", dataset: { key: k } }));
        base += v;
      }
      if (Object.keys(slot.imprecise).length) {
        svg.append(s("text", { x: xs[i] + bw / 2, y: Math.max(M.top + 8, y(base) - 3), "text-anchor": "middle", class: "imprecise", "aria-hidden": "true" }, "◆"));
      }
    });

    // mean Goldstein: dots joined where neighbouring periods both have events
    let path = "";
    list.forEach((slot, i) => {
      if (slot.gap || !slot.events) return;
      const cx = xs[i] + bw / 2;
      const g = slot.gsum / slot.events;
      const joined = i > 0 && !list[i - 1].gap && list[i - 1].events;
      path += `${joined ? "L" : "M"}${cx.toFixed(1)} ${gy(g).toFixed(1)}`;
      svg.append(s("circle", { cx, cy: gy(g), r: 2.5, class: "gdot" }));
    });
    svg.append(s("path", { d: path, class: "gline" }));

    // labels under the axis, as many as fit
    const every = Math.max(1, Math.ceil(64 / bw));
    let lastYear = null;
    let lastX = -Infinity;
    let n = 0;
    list.forEach((slot, i) => {
      if (slot.gap) {
        lastYear = null;
        return;
      }
      if (n++ % every) return;
      const cx = xs[i] + bw / 2;
      if (cx - lastX < 58) return;
      const year = slot.period.slice(0, 4);
      let label;
      if (interval === "year") label = year;
      else if (interval === "month") label = year !== lastYear ? periodName(slot.period, "month") : fmtDate(slot.period).split(" ")[1];
      else label = fmtDate(slot.period, { year: year !== lastYear });
      lastYear = year;
      lastX = cx;
      svg.append(s("text", { x: cx, y: HEIGHT - 10, class: "tick", "text-anchor": "middle" }, label));
    });

    // a column for each period: its numbers in a tooltip; the brush; Enter picks it
    const hits = s("g", { class: "hits" });
    const items = [];
    list.forEach((slot, i) => {
      if (slot.gap) return;
      const parts = keysInOrder.filter((k) => slot.counts[k]).map((k) => `${slot.counts[k]} ${byType ? k : quadName(k)}`);
      const vague = Object.entries(slot.imprecise).map(([p, c]) => `${c} known only to the ${p}`);
      const title = `${interval === "week" ? "Week of " : ""}${interval === "week" ? fmtDate(slot.period) : periodName(slot.period, interval)}: ${plural(slot.events, "event")}` +
        (parts.length ? ` (${parts.join(", ")})` : "") +
        (vague.length ? `, of which ${vague.join(", ")} (counted at its first day)` : "") +
        (slot.events ? `; mean Goldstein ${fmtNumber(slot.gsum / slot.events, 1)}` : "") +
        (normalize && slot.documents !== null ? `; ${plural(slot.documents, "story", "stories")} published` : "");
      const rect = s("rect", { x: xs[i], y: M.top, width: bw, height: plotH, class: "hit", tabindex: "-1", role: "button",
        "aria-label": `${title}. Press Enter to show only these dates.`, dataset: { period: slot.period, key: slot.period, slot: String(i) } },
      s("title", {}, title));
      hits.append(rect);
      items.push(rect);
    });
    svg.append(hits);
    const brush = s("rect", { class: "brush", x: 0, y: M.top, width: 0, height: plotH, visibility: "hidden" });
    svg.append(brush);

    const slotAt = (e) => {
      const box = svg.getBoundingClientRect();
      const px = e.clientX - box.left;
      let i = xs.findIndex((x0, j) => px < x0 + (list[j].gap ? GAP_PX : bw));
      if (i < 0) i = list.length - 1;
      return i;
    };
    const startOf = (slot) => (slot.gap ? slot.from : slot.period);
    const endOf = (slot) => periodEnd(slot.gap ? slot.to : slot.period, interval);
    const pick = (a, b) => state.update({ since: startOf(list[a]), until: endOf(list[b]), open: null });
    let start = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      start = slotAt(e);
      svg.setPointerCapture(e.pointerId);
      brush.setAttribute("visibility", "visible");
      show(start, start);
    });
    svg.addEventListener("pointermove", (e) => start !== null && show(start, slotAt(e)));
    svg.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const [a, b] = [start, slotAt(e)].sort((u, v) => u - v);
      start = null;
      brush.setAttribute("visibility", "hidden");
      pick(a, b);
    });
    hits.addEventListener("click", (e) => {
      // Enter on a period (the keyboard's click); a pointer's click was the brush's
      if (e.detail === 0 && e.target.dataset.slot) pick(Number(e.target.dataset.slot), Number(e.target.dataset.slot));
    });
    function show(a, b) {
      const [i0, i1] = [a, b].sort((u, v) => u - v);
      brush.setAttribute("x", xs[i0]);
      brush.setAttribute("width", xs[i1] + (list[i1].gap ? GAP_PX : bw) - xs[i0]);
    }
    keys.render(() => fill(chart, svg), items);
  }

  return { refresh, svg: () => chart.querySelector("svg") };
}

function swatch(colour) {
  return s("svg", { width: 11, height: 11, class: "swatch-svg", "aria-hidden": "true" }, s("rect", { width: 11, height: 11, rx: 2, fill: colour }));
}
