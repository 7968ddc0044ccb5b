// eventmill's web app: boot, the three views, and the event dialog. Each view reads the
// state (the address's query string) and the API; nothing else is shared between them.
import { getJSON } from "./api.js";
import { createCoder } from "./coder.js";
import { createCommitments } from "./commitments.js";
import { eventDetail } from "./detail.js";
import { fill, fmtDate, h, plural, showError } from "./dom.js";
import { createFilters } from "./filters.js";
import { createMap } from "./map.js";
import { createNetwork } from "./network.js";
import * as state from "./state.js";
import { createTable } from "./table.js";
import { createTimeline } from "./timeline.js";
import { setVocabulary } from "./vocab.js";

const VIEWS = ["explore", "commitments", "code"];

async function boot() {
  const [vocab, stats, actors] = await Promise.all([getJSON("vocabulary"), getJSON("stats"), getJSON("actors", new URLSearchParams({ limit: "500" }))]);
  setVocabulary(vocab);
  fill(document.getElementById("summary"),
    stats.events
      ? `${plural(stats.events, "event")} from ${plural(stats.coded, "story", "stories")} published ${fmtDate(stats.first_date)} – ${fmtDate(stats.last_date)}`
      : "This database has no events yet: add stories with eventmill ingest, then reload.");

  const filters = createFilters(document.getElementById("filter-form"), document.getElementById("chips"), { stats, actors: actors.actors });
  const explore = [
    createTimeline(document.getElementById("timeline"), { stats }),
    createNetwork(document.getElementById("network")),
    createMap(document.getElementById("map")),
    createTable(document.getElementById("events")),
  ];
  const dialog = document.getElementById("event-dialog");
  const dialogBody = document.getElementById("event-dialog-body");
  dialog.addEventListener("close", () => state.get().open && state.update({ open: null }, { replace: true }));
  const openEvent = (id) => state.update({ open: id });
  const commitments = createCommitments(document.getElementById("commitments"), { openEvent });
  createCoder(document.getElementById("coder"), { access: stats.code });

  let shownOpen = null;
  async function render(st, previous) {
    const view = VIEWS.includes(st.view) ? st.view : "explore";
    for (const v of VIEWS) document.getElementById(`view-${v}`).hidden = v !== view;
    if (previous && (previous.view || "explore") !== view) window.scrollTo(0, 0);
    for (const link of document.querySelectorAll("nav.views a")) {
      if (link.dataset.view === view) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    filters.write(st);
    const exploreChanged = !previous || state.filtersChanged(st, previous) || st.view !== previous.view ||
      ["order", "norm", "level"].some((k) => st[k] !== previous[k]);
    if (view === "explore" && exploreChanged) for (const part of explore) part.refresh(st);
    const commitmentsChanged = !previous || st.view !== previous.view || ["cstatus", "cactor", "cintended"].some((k) => st[k] !== previous[k]);
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

  for (const link of document.querySelectorAll("nav.views a")) {
    link.addEventListener("click", (e) => {
      e.preventDefault();
      state.update({ view: link.dataset.view === "explore" ? null : link.dataset.view, open: null });
    });
  }
  state.subscribe(render);
  await render(state.get(), null);
  document.body.dataset.ready = "1";
}

boot().catch((err) => {
  showError(err);
  fill(document.getElementById("summary"), "The app could not start: see the message above.");
});
