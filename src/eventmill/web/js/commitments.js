// Commitments: promises and announced actions, tracked to their outcome (open, fulfilled,
// broken, overdue, superseded; docs/architecture.md), each with its deadline and the
// sentence that made it. "Open the event" shows the evidence with its words marked.
import { latest } from "./api.js";
import { articleLink, fill, fmtDate, fmtNumber, h, joined, plural, showError } from "./dom.js";
import * as state from "./state.js";
import { vocabulary } from "./vocab.js";

const STATUSES = ["open", "overdue", "fulfilled", "broken", "superseded"];
const LIMIT = 1000;
const OUTCOME = {
  open: "No outcome reported yet.",
  overdue: "The deadline passed with no report of it being done.",
  fulfilled: "Kept",
  broken: "Broken",
  superseded: "Replaced by a newer promise",
};

export function createCommitments(root, { openEvent }) {
  const request = latest();
  const status = h("select", { id: "c-status", name: "cstatus" }, h("option", { value: "" }, "any status"));
  const actor = h("input", { id: "c-actor", name: "cactor", type: "text", autocomplete: "off", list: "dl-actors", placeholder: "e.g. KEN" });
  const intended = h("select", { id: "c-intended", name: "cintended" }, h("option", { value: "" }, "any action"),
    vocabulary().event_types.map((t) => h("option", { value: t }, t)));
  const form = h("form", { class: "inline-form", role: "search", "aria-label": "Commitment filters" },
    h("label", { for: "c-status" }, "Status ", status),
    h("label", { for: "c-actor" }, "Promised by (code) ", actor),
    h("label", { for: "c-intended" }, "Promised action ", intended),
    h("button", { type: "submit" }, "Apply"));
  const summary = h("p", { class: "count", id: "commitment-count", "aria-live": "polite" }, "Loading commitments…");
  const list = h("div", { class: "table-wrap" });
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", {}, "Commitments")),
    h("p", { class: "hint" }, "Promises and announced actions with what became of them. A promise is kept when a later report shows " +
      "the same side doing it by the deadline, broken when it refuses or says it will not, overdue when the deadline passed " +
      "(as of the newest story) with neither."),
    form,
    summary,
    list,
  );
  const apply = () => state.update({ cstatus: status.value || null, cactor: actor.value.trim().toUpperCase() || null, cintended: intended.value || null });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  form.addEventListener("change", (e) => e.target.matches("select") && apply());

  async function refresh(st) {
    actor.value = st.cactor || "";
    intended.value = st.cintended || "";
    const params = new URLSearchParams({ limit: String(LIMIT) });
    if (st.cactor) params.set("actor", st.cactor);
    if (st.cintended) params.set("intended", st.cintended);
    let rows;
    root.dataset.state = "loading";
    try {
      rows = (await request("commitments", params)).commitments;
    } catch (err) {
      if (err.name !== "AbortError") {
        root.dataset.state = "error";
        showError(err);
      }
      return;
    }
    const counts = Object.fromEntries(STATUSES.map((k) => [k, rows.filter((r) => r.status === k).length]));
    fill(status, h("option", { value: "" }, `any status (${fmtNumber(rows.length)})`),
      STATUSES.map((k) => h("option", { value: k }, `${k} (${fmtNumber(counts[k])})`)));
    status.value = st.cstatus || "";
    const shown = st.cstatus ? rows.filter((r) => r.status === st.cstatus) : rows;
    summary.textContent = `${plural(shown.length, "commitment")}${rows.length >= LIMIT ? ` (of the first ${LIMIT})` : ""}: ` +
      STATUSES.filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`).join(", ");
    if (!shown.length) {
      fill(list, h("p", { class: "empty" }, "No commitments match. Promises are events with an intended action, such as “agreed to withdraw by June”."));
      root.dataset.state = "ready";
      return;
    }
    fill(list, h("table", { class: "commitments", id: "commitments-table" },
      h("caption", { class: "sr-only" }, "Commitments with their status, deadline and evidence"),
      h("thead", {}, h("tr", {}, ["Status", "Who", "Promised", "Made", "Deadline", "Evidence", "Outcome"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, shown.map(row))));
    root.dataset.state = "ready";
  }

  function row(c) {
    const outcome = [OUTCOME[c.status] || c.status];
    if (c.resolved_on) outcome.push(` on ${fmtDate(c.resolved_on)}`);
    if (c.resolved_by) {
      outcome.push(" ", h("button", { type: "button", class: "linkish", onclick: () => openEvent(c.resolved_by) }, "see that event"));
    }
    return h("tr", { dataset: { status: c.status } },
      h("td", {}, h("span", { class: `badge s-${c.status}` }, c.status)),
      h("td", { class: "nowrap" }, h("span", { class: "code" }, c.actor_code || "–"), " → ", h("span", { class: "code" }, c.recipient_code || "–")),
      h("td", {}, c.intended, h("span", { class: "muted small" }, ` (${c.event}: “${c.event_text || ""}”)`)),
      h("td", { class: "nowrap" }, fmtDate(c.made_on)),
      h("td", { class: "nowrap" }, c.deadline ? fmtDate(c.deadline) : h("span", { class: "muted" }, "none given")),
      h("td", { class: "evidence-cell" },
        h("blockquote", { class: "evidence" }, (c.evidence || "").trim()),
        h("p", { class: "meta" }, joined([c.source, fmtDate(c.pub_date), articleLink(c.url, "article"),
          h("button", { type: "button", class: "linkish", onclick: () => openEvent(c.event_id) }, "open the event")]))),
      h("td", {}, outcome));
  }

  return { refresh };
}
