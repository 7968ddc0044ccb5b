// eventmill's web app: boot, the three views, and the event dialog. Each view reads the
// state (the address's query string) and the API; nothing else is shared between them.
import { getJSON } from "./api.js";
import { createBreakdown } from "./breakdown.js";
import { createCoder } from "./coder.js";
import { createCommitments, COMMITMENT_KEYS } from "./commitments.js";
import { eventDetail } from "./detail.js";
import { fill, fmtDate, h, plural, showError } from "./dom.js";
import { createDrawer, createFilters } from "./filters.js";
import { createMap } from "./map.js";
import { createNetwork } from "./network.js";
import * as state from "./state.js";
import { createTable } from "./table.js";
import { createTimeline } from "./timeline.js";
import { createToolbar } from "./toolbar.js";
import { setVocabulary } from "./vocab.js";

const VIEWS = ["explore", "commitments", "code"];

async function boot() {
  // /stats counts the whole store: the views ask for their own data meanwhile
  const statsLater = getJSON("stats");
  setVocabulary(await getJSON("vocabulary"));
  let lastDate = null;
  statsLater.then((stats) => {
    lastDate = stats.last_date;
    fill(document.getElementById("summary"),
      stats.events
        ? `${plural(stats.events, "event")} from ${plural(stats.coded, "story", "stories")} published ${fmtDate(stats.first_date)} – ${fmtDate(stats.last_date)}`
        : "This database has no events yet: add stories with eventmill ingest, then reload.");
  }, () => {}); // an error is shown once, below

  const drawer = createDrawer(document.getElementById("filter-panel"), document.getElementById("filters-toggle"));
  const filters = createFilters(document.getElementById("filter-form"), document.getElementById("chips"),
    document.getElementById("code-notice"), { lastDate: () => lastDate, toggle: drawer });
  const timeline = createTimeline(document.getElementById("timeline"), { statsLater });
  const network = createNetwork(document.getElementById("network"));
  const table = createTable(document.getElementById("events"));
  const onFacets = (st, facets) => {
    filters.setCounts(facets);
    table.setNegated(st, facets);
  };
  // each part of the explore view, with the keys besides the filters it draws from
  const explore = [
    [timeline, ["norm", "tstack", "tint", "tzoom"]],
    [createBreakdown(document.getElementById("breakdown"), { onFacets }), []],
    [network, ["level"]],
    [createMap(document.getElementById("map")), []],
    [table, ["order"]],
  ];
  const toolbar = createToolbar(document.getElementById("toolbar"), { charts: { timeline: timeline.svg, network: network.svg } });
  const dialog = document.getElementById("event-dialog");
  const dialogBody = document.getElementById("event-dialog-body");
  dialog.addEventListener("close", () => state.get().open && state.update({ open: null }, { replace: true }));
  const openEvent = (id) => state.update({ open: id });
  const commitments = createCommitments(document.getElementById("commitments"), { openEvent });

  let shownOpen = null;
  async function render(st, previous) {
    const view = VIEWS.includes(st.view) ? st.view : "explore";
    const before = previous && VIEWS.includes(previous.view) ? previous.view : "explore";
    for (const v of VIEWS) document.getElementById(`view-${v}`).hidden = v !== view;
    if (previous && before !== view) window.scrollTo(0, 0);
    for (const link of document.querySelectorAll("nav.views a[data-view]")) {
      if (link.dataset.view === view) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
      // opened in a new tab, a view keeps the filters too
      const params = new URLSearchParams(window.location.search);
      params.delete("open");
      if (link.dataset.view === "explore") params.delete("view");
      else params.set("view", link.dataset.view);
      link.setAttribute("href", `?${params}`);
    }
    filters.write(st);
    toolbar.refresh(st);
    if (view === "explore") {
      const filtered = !previous || before !== view || state.filtersChanged(st, previous);
      for (const [part, keys] of explore) {
        if (filtered || keys.some((k) => st[k] !== previous[k])) part.refresh(st);
      }
    }
    const commitmentsChanged = !previous || before !== view || COMMITMENT_KEYS.some((k) => String(st[k]) !== String(previous[k]));
    if (view === "commitments" && commitmentsChanged) commitments.refresh(st);
    if (st.open !== shownOpen) {
      shownOpen = st.open || null;
      if (st.open) {
        fill(dialogBody, h("p", { class: "muted" }, "Loading the evidence…"));
        if (!dialog.open) dialog.showModal();
        try {
          fill(dialogBody, await eventDetail(st.open));
        } catch (err) {
          fill(dialogBody, h("p", { class: "error" }, err.message));
        }
      } else if (dialog.open) {
        dialog.close();
      }
    }
  }

  // the views are links that change the address; the API link leaves the app for /docs
  for (const link of document.querySelectorAll("nav.views a[data-view]")) {
    link.addEventListener("click", (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new tab or window: let it go
      e.preventDefault();
      state.update({ view: link.dataset.view === "explore" ? null : link.dataset.view, open: null });
    });
  }
  state.subscribe(render);
  const shown = render(state.get(), null);
  createCoder(document.getElementById("coder"), { access: (await statsLater).code });
  await shown;
  document.body.dataset.ready = "1";
}

boot().catch((err) => {
  showError(err);
  fill(document.getElementById("summary"), "The app could not start: see the message above.");
});
