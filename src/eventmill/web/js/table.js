// The events table: the filtered events, newest first by default, 50 at a time; each row
// opens to its evidence. Keyboard: Tab reaches the table once, the arrow keys (and Home,
// End) move between rows, Enter or Space opens and closes a row.
import { latest } from "./api.js";
import { eventDetail } from "./detail.js";
import { fill, fmtNumber, fmtWhen, h, plural, showError } from "./dom.js";
import * as state from "./state.js";
import { actorLabel, cameoLabel, countryName, quadName, quadSwatch } from "./vocab.js";

const PAGE = 50;
export const DEFAULT_ORDER = "-date";
const ORDERS = [
  ["-date", "newest first"],
  ["date", "oldest first"],
  ["-num_mentions", "most reported"],
  ["-confidence", "most confident"],
  ["goldstein", "most conflictual"],
  ["-goldstein", "most cooperative"],
];
const COLUMNS = ["", "Date", "Event", "Actor", "Recipient", "Place", "Mode", "Trigger", "Confidence", "Reports"];

export function createTable(root) {
  const request = latest();
  const count = h("p", { id: "event-count", class: "count", "aria-live": "polite" }, "Loading events…");
  const order = h(
    "select",
    { id: "order", onchange: () => state.update({ order: order.value === DEFAULT_ORDER ? null : order.value }) },
    ORDERS.map(([value, label]) => h("option", { value }, label)),
  );
  const tbody = h("tbody", { onkeydown: onKey });
  const more = h("button", { type: "button", class: "more", hidden: true, onclick: () => load(false) }, "Show more");
  const table = h(
    "table",
    { class: "events cards", id: "events-table" },
    h("caption", { class: "sr-only" }, "Events matching the filters. Use the arrow keys to move between rows and Enter to read a row's evidence."),
    h("thead", {}, h("tr", {}, COLUMNS.map((c, i) => h("th", { scope: "col", class: i === 0 ? "toggle-col" : null }, c ? c : h("span", { class: "sr-only" }, "Open"))))),
    tbody,
  );
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", { id: "events-title" }, "Events"), count,
      h("label", { class: "inline", for: "order" }, "Sort ", order)),
    h("div", { class: "table-wrap" }, table),
    more,
  );

  let cursor = null;
  let shown = 0;
  let params = null;

  async function load(fresh) {
    const st = state.get();
    if (fresh) {
      params = state.filterParams(st);
      params.set("order", st.order || DEFAULT_ORDER);
      params.set("limit", String(PAGE));
      params.set("total", "true");
      cursor = null;
    }
    const query = new URLSearchParams(params);
    if (cursor) {
      query.set("cursor", cursor);
      query.delete("total");
    }
    more.disabled = true;
    root.dataset.state = "loading";
    let page;
    try {
      page = await request("events", query);
    } catch (err) {
      if (err.name !== "AbortError") {
        count.textContent = "Could not load the events.";
        root.dataset.state = "error";
        showError(err);
      }
      return;
    }
    if (fresh) {
      tbody.replaceChildren();
      shown = 0;
      root.dataset.total = String(page.total);
      const filtered = state.filterParams(st).toString() !== "";
      count.textContent = page.total
        ? `${plural(page.total, "event")}${filtered ? " match the filters" : ""}`
        : "No events match these filters. Remove a filter (the chips above the timeline) to see more.";
      count.removeAttribute("title");
      if (!st.with_negated && !st.aux) {
        counted = [state.filterParams(st).toString(), count.textContent];
        noteNegated();
      }
    }
    page.events.forEach((ev) => tbody.append(...rows(ev, shown++)));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    more.disabled = false;
    more.textContent = `Show ${PAGE} more (${fmtNumber(shown)} of ${fmtNumber(Number(root.dataset.total))} shown)`;
    const first = tbody.querySelector("button.toggle");
    if (fresh && first) first.tabIndex = 0;
    root.dataset.state = "ready";
  }

  /**
   * Say how many reported non-events ("did not attack") the default leaves out: the
   * breakdown counts them (its "negated" mode, under the other filters), so no request of
   * its own. Either answer may come first; the note is written once both have.
   */
  let negated = null; // [filters, count] from the breakdown
  let counted = null; // [filters, the count's text] from this table
  function noteNegated() {
    if (!negated || !counted || negated[0] !== counted[0] || !negated[1]) return;
    count.title = "Events reported as not happening; tick “Include negated events” to list them.";
    count.textContent = `${counted[1]} (${fmtNumber(negated[1])} negated left out)`;
  }

  function rows(ev, index) {
    const detailId = `detail-${index}`;
    const when = ev.date ? fmtWhen(ev.date, ev.date_precision) : fmtWhen(ev.pub_date);
    const label = `${ev.event} by ${ev.actor?.code || "an unnamed actor"}${ev.recipient?.code ? " towards " + ev.recipient.code : ""} on ${when}`;
    const toggle = h(
      "button",
      { type: "button", class: "toggle", tabindex: "-1", "aria-expanded": "false", "aria-controls": detailId, "aria-label": `Evidence: ${label}` },
      h("span", { "aria-hidden": "true" }, "▸"),
    );
    const loc = ev.event_loc;
    const cell = (label, attrs, ...content) => h("td", { ...attrs, dataset: { label } }, ...content.filter((c) => c !== ""));
    const tr = h(
      "tr",
      { class: "event-row", dataset: { id: ev.id } },
      h("td", { class: "toggle-col" }, toggle),
      cell("Date", { class: "nowrap", title: ev.date && ev.date_precision && ev.date_precision !== "day" ? `known to the ${ev.date_precision}` : null },
        when, ev.date ? null : h("span", { class: "muted", title: "no event date: the publication date" }, " (pub.)")),
      cell("Event", { class: "nowrap", title: `${quadName(ev.quad_code)}${cameoLabel(ev.cameo) ? "; " + cameoLabel(ev.cameo) : ""}` },
        quadSwatch(ev.quad_code), ` ${ev.event} `, h("span", { class: "muted small" }, ev.cameo || "")),
      cell("Actor", {}, actorLabel(ev.actor)),
      cell("Recipient", {}, actorLabel(ev.recipient)),
      cell("Place", { title: loc ? `${countryName(loc.country) || loc.country || ""}${loc.precision ? "; " + loc.precision + " precision" : ""}` : null },
        loc ? loc.name || loc.text : h("span", { class: "muted" }, "–")),
      cell("Mode", {}, [...(ev.aux || []), ev.joint ? "joint" : null].filter(Boolean).join(", ")),
      cell("Trigger", { class: "trigger" }, ev.event_text || ""),
      cell("Confidence", { class: "num" }, fmtNumber(ev.confidence, 2)),
      cell("Reports", { class: "num", title: `${plural(ev.num_mentions, "report")} in ${plural(ev.num_articles, "story", "stories")}` }, fmtNumber(ev.num_mentions)),
    );
    const detail = h("tr", { class: "detail", id: detailId, hidden: true }, h("td", { colspan: String(COLUMNS.length) }));
    toggle.addEventListener("click", (e) => {
      e.stopPropagation();
      open(tr, toggle, detail, ev.id);
    });
    tr.addEventListener("click", (e) => {
      if (e.target.closest("a, button, input")) return;
      focusRow(toggle);
      open(tr, toggle, detail, ev.id);
    });
    return [tr, detail];
  }

  async function open(tr, toggle, detail, id) {
    const opening = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(opening));
    tr.classList.toggle("open", opening);
    detail.hidden = !opening;
    if (!opening || detail.dataset.loaded) return;
    const cell = detail.firstElementChild;
    fill(cell, h("p", { class: "muted" }, "Loading the evidence…"));
    try {
      fill(cell, await eventDetail(id));
      detail.dataset.loaded = "1";
    } catch (err) {
      fill(cell, h("p", { class: "error" }, err.message));
    }
  }

  function focusRow(button) {
    for (const b of tbody.querySelectorAll("button.toggle")) b.tabIndex = -1;
    button.tabIndex = 0;
    button.focus();
  }

  function onKey(e) {
    const current = e.target.closest("button.toggle");
    if (!current) return;
    const buttons = [...tbody.querySelectorAll("button.toggle")];
    const i = buttons.indexOf(current);
    const target = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (target === undefined) return;
    e.preventDefault();
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, target))];
    if (next) focusRow(next);
  }

  return {
    refresh(st) {
      order.value = st.order || DEFAULT_ORDER;
      counted = null;
      load(true);
    },
    /** The breakdown's counts per mode for these filters (`facets.aux`). */
    setNegated(st, facets) {
      negated = [state.filterParams(st).toString(), (facets.aux || {}).negated || 0];
      noteNegated();
    },
  };
}
