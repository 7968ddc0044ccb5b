// One event in full: what was coded and every report of it, each with its evidence sentence.
import { getJSON } from "./api.js";
import { articleLink, fmtDate, fmtNumber, fmtWhen, h, joined, plural } from "./dom.js";
import { evidenceQuote, legend } from "./evidence.js";
import * as state from "./state.js";
import { actorLabel, cameoLabel, countryName, quadName, quadSwatch, sectorLabel } from "./vocab.js";

function who(actor) {
  if (!actor) return h("span", { class: "muted" }, "none named");
  const parts = [actorLabel(actor)];
  const name = actor.name || countryName(actor.country);
  if (name) parts.push(" ", name);
  if (actor.sector) parts.push(h("span", { class: "muted", title: sectorLabel(actor.sector) }, ` (${(sectorLabel(actor.sector) || actor.sector).split(":")[0]})`));
  if (actor.entity_text) parts.push(h("span", { class: "muted" }, ` from “${actor.entity_text}”`));
  return parts;
}

function where(loc) {
  if (!loc) return h("span", { class: "muted" }, "no place found");
  const parts = [loc.name || loc.text || ""];
  if (loc.country) parts.push(`, ${countryName(loc.country) || loc.country}`);
  const precision = loc.precision ? `${loc.precision} precision` : "";
  const coords = loc.lat !== null && loc.lat !== undefined ? `${fmtNumber(loc.lat, 2)}, ${fmtNumber(loc.lon, 2)}` : "";
  const extra = [precision, coords].filter(Boolean).join("; ");
  if (extra) parts.push(h("span", { class: "muted" }, ` (${extra})`));
  return parts;
}

function row(term, ...value) {
  return [h("dt", {}, term), h("dd", {}, ...value)];
}

/** The facts of an event as a definition list. */
function facts(ev) {
  const modes = [...(ev.aux || [])];
  if (ev.joint) modes.push("joint");
  const when = [ev.date ? fmtWhen(ev.date, ev.date_precision) : "undated"];
  if (ev.date && ev.date_precision && ev.date_precision !== "day") when.push(h("span", { class: "muted" }, ` (known to the ${ev.date_precision})`));
  return h(
    "dl",
    { class: "facts" },
    row(
      "Event",
      quadSwatch(ev.quad_code),
      ` ${ev.event} `,
      h("span", { class: "muted" }, `CAMEO ${ev.cameo || "–"}${cameoLabel(ev.cameo) ? ": " + cameoLabel(ev.cameo) : ""}`),
      h("br"),
      `${quadName(ev.quad_code)}, Goldstein ${fmtNumber(ev.goldstein, 1)}`,
    ),
    row("Actor", who(ev.actor)),
    row("Recipient", who(ev.recipient)),
    row("Date", when),
    ev.intended || ev.deadline
      ? row("Promised", ev.intended ? `${ev.intended}` : "", ev.deadline ? ` by ${fmtDate(ev.deadline)}` : "")
      : null,
    row("Place", where(ev.event_loc)),
    modes.length || (ev.context || []).length
      ? row("Mode", [modes.join(", "), (ev.context || []).length ? ` (context: ${ev.context.join(", ")})` : ""])
      : null,
    row("Confidence", fmtNumber(ev.confidence, 2)),
  );
}

function mention(m, index, total) {
  const meta = joined([
    m.source || "unknown source",
    m.pub_date ? `published ${fmtDate(m.pub_date)}` : null,
    articleLink(m.url, "open the article"),
    ["story ", h("code", {}, m.story_id || "–")],
  ]);
  const story = h(
    "button",
    { type: "button", class: "linkish", onclick: () => state.update({ story: m.story_id, view: "explore", open: null }) },
    "only this story",
  );
  return h(
    "li",
    { class: "mention" },
    total > 1 ? h("p", { class: "mention-no" }, `Report ${index + 1} of ${total}`) : null,
    m.title ? h("p", { class: "title" }, m.title) : null,
    evidenceQuote(m.evidence),
    h("p", { class: "meta" }, meta, " ", story),
  );
}

/** An event's detail panel, fetched by id. */
export async function eventDetail(id) {
  const ev = await getJSON(`events/${encodeURIComponent(id)}`);
  const mentions = ev.mentions || [];
  const reports =
    mentions.length > 1
      ? `Merged from ${plural(mentions.length, "report")} in ${plural(ev.num_articles, "story", "stories")} ` +
        `from ${plural(ev.num_sources, "source")}; first seen ${fmtDate(ev.first_seen)}.`
      : "Reported once.";
  return h(
    "div",
    { class: "detail-body" },
    facts(ev),
    h(
      "div",
      { class: "reports" },
      h("h3", {}, "Evidence"),
      h("p", { class: "muted" }, reports, " ", h("a", { href: `?open=${encodeURIComponent(ev.id)}` }, "Link to this event")),
      legend(),
      h("ol", { class: "mentions" }, mentions.map((m, i) => mention(m, i, mentions.length))),
    ),
  );
}
