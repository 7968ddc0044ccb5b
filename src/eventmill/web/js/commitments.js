// Commitments: promises and announced actions, tracked to their outcome (open, fulfilled,
// broken, overdue, superseded; docs/architecture.md), each with its deadline and the
// sentence that made it. They follow the address's actor, recipient, country and date
// filters (the same as the Explore view's: a link keeps them), and sort by deadline, by the
// day the promise was made, by status, by who made it or by what was promised.
import { latest } from "./api.js";
import { articleLink, fill, fmtDate, fmtNumber, h, joined, plural, showError } from "./dom.js";
import { asCode, combobox } from "./names.js";
import * as state from "./state.js";
import { actorLabel, vocabulary } from "./vocab.js";

const STATUSES = ["open", "overdue", "fulfilled", "broken", "superseded"];
const LIMIT = 1000;
const OUTCOME = {
  open: "No outcome reported yet.",
  overdue: "The deadline passed with no report of it being done.",
  fulfilled: "Kept",
  broken: "Broken",
  superseded: "Replaced by a newer promise",
};
const ORDERS = [
  ["deadline", "deadline, soonest first"],
  ["-deadline", "deadline, latest first"],
  ["-made_on", "made, newest first"],
  ["made_on", "made, oldest first"],
  ["status", "status"],
  ["actor", "who promised"],
  ["intended", "what was promised"],
];
// the address keys this view reads: the shared filters it honours and its own
const SHARED = ["actor", "recipient", "party", "exact", "country", "since", "until"];
export const COMMITMENT_KEYS = [...SHARED, "cstatus", "cintended", "corder"];
// the Explore view's filters that mean nothing for a promise
const NOT_HERE = { text: "words", event: "event type", quad: "quad class", aux: "mode", sector: "sector", cameo: "CAMEO",
  bbox: "map area", story: "story", min_confidence: "confidence", actor_country: "actor's country",
  recipient_country: "recipient's country" };

export function createCommitments(root, { openEvent }) {
  const request = latest();
  const input = (id, name, placeholder) => h("input", { id, name, type: "text", autocomplete: "off", spellcheck: "false", placeholder });
  const status = h("select", { id: "c-status", name: "cstatus" }, h("option", { value: "" }, "any status"));
  const intended = h("select", { id: "c-intended", name: "cintended" }, h("option", { value: "" }, "any action"),
    vocabulary().event_types.map((t) => h("option", { value: t }, t)));
  const actor = input("c-actor", "actor", "a name or a code");
  const recipient = input("c-recipient", "recipient", "a name or a code");
  const country = input("c-country", "country", "a name or ISO3");
  const since = h("input", { id: "c-since", name: "since", type: "date" });
  const until = h("input", { id: "c-until", name: "until", type: "date" });
  const order = h("select", { id: "c-order", name: "corder" }, ORDERS.map(([v, label]) => h("option", { value: v }, label)));
  const wrap = (id, label, el) => h("div", { class: "c-field" }, h("label", { for: id }, label), el);
  const form = h("form", { class: "inline-form", role: "search", "aria-label": "Commitment filters" },
    wrap("c-status", "Status", status),
    wrap("c-intended", "Promised action", intended),
    wrap("c-actor", "Promised by", actor),
    wrap("c-recipient", "Promised to", recipient),
    wrap("c-country", "Country", country),
    wrap("c-since", "Made from", since),
    wrap("c-until", "Made until", until),
    wrap("c-order", "Sort by", order),
    h("div", { class: "c-field" }, h("button", { type: "submit" }, "Apply")));
  const summary = h("p", { class: "count", id: "commitment-count", "aria-live": "polite" }, "Loading commitments…");
  const ignored = h("p", { class: "hint", id: "commitment-ignored" });
  const list = h("div", { class: "table-wrap" });
  fill(
    root,
    h("div", { class: "panel-head" }, h("h2", {}, "Commitments")),
    h("p", { class: "hint" }, "Promises and announced actions with what became of them. A promise is kept when a later report shows " +
      "the same side doing it by the deadline, broken when it refuses or says it will not, overdue when the deadline passed " +
      "(as of the newest story) with neither. The actor, country and date filters are shared with Explore events."),
    form,
    summary,
    ignored,
    list,
  );
  const day = () => state.get().until || state.get().since || null;
  for (const [el, kind] of [[actor, "actor"], [recipient, "actor"], [country, "country"]]) {
    combobox(el, { kind, day, onChoose: apply });
  }
  async function apply() {
    const st = state.get();
    const code = async (el, kind) => (el.value.trim().toUpperCase() === st[el.name] ? st[el.name] : (await asCode(el.value, kind, day())).code);
    const changes = { cstatus: status.value || null, cintended: intended.value || null, corder: order.value === "deadline" ? null : order.value,
      actor: await code(actor, "actor"), recipient: await code(recipient, "actor"), country: await code(country, "country"),
      since: since.value || null, until: until.value || null };
    if (changes.actor !== (st.actor || null) || changes.recipient !== (st.recipient || null)) changes.exact = null;
    state.update(changes);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  form.addEventListener("change", (e) => e.target.matches("select, input[type=date]") && apply());

  async function refresh(st) {
    actor.value = st.actor || "";
    recipient.value = st.recipient || "";
    country.value = st.country || "";
    since.value = st.since || "";
    until.value = st.until || "";
    intended.value = st.cintended || "";
    order.value = st.corder || "deadline";
    const params = new URLSearchParams({ limit: String(LIMIT), order: st.corder || "deadline" });
    for (const key of SHARED) if (st[key]) params.set(key, st[key]);
    if (st.cintended) params.set("intended", st.cintended);
    const skipped = Object.entries(NOT_HERE).filter(([k]) => st[k]).map(([, name]) => name);
    ignored.textContent = skipped.length ? `Not applied here (they describe events, not promises): ${skipped.join(", ")}.` : "";
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
    fill(list, h("table", { class: "commitments cards", id: "commitments-table" },
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
    const cell = (label, attrs, ...content) => h("td", { ...attrs, dataset: { label } }, ...content.filter((c) => c !== ""));
    const side = (code, name, country) => (code ? actorLabel({ code, name, country }) : h("span", { class: "muted" }, "–"));
    return h("tr", { dataset: { status: c.status, id: c.commitment_id } },
      cell("Status", {}, h("span", { class: `badge s-${c.status}` }, c.status)),
      cell("Who", { class: "who" }, side(c.actor_code, c.actor_name, c.actor_country), " → ", side(c.recipient_code, c.recipient_name, c.recipient_country)),
      cell("Promised", {}, c.intended, h("span", { class: "muted small" }, ` (${c.event}: “${c.event_text || ""}”)`)),
      cell("Made", { class: "nowrap" }, fmtDate(c.made_on)),
      cell("Deadline", { class: "nowrap" }, c.deadline ? fmtDate(c.deadline) : h("span", { class: "muted" }, "none given")),
      cell("Evidence", { class: "evidence-cell" },
        h("blockquote", { class: "evidence" }, (c.evidence || "").trim()),
        h("p", { class: "meta" }, joined([c.source, fmtDate(c.pub_date), articleLink(c.url, "article"),
          h("button", { type: "button", class: "linkish", onclick: () => openEvent(c.event_id) }, "open the event")]))),
      cell("Outcome", {}, outcome));
  }

  return { refresh };
}
