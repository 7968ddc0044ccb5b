// Evidence sentences with the trigger, actor, recipient and place marked. Offsets from the
// server count Unicode code points (Python's), so text is cut by code points, not by
// JavaScript's UTF-16 units; a sentence with an emoji or a rare script still lines up.
import { h } from "./dom.js";

export const ROLES = ["trigger", "actor", "recipient", "location"];
const ROLE_NAMES = { trigger: "event trigger", actor: "actor", recipient: "recipient", location: "place" };

/**
 * Text as a fragment with <mark>s for spans [{role, start, end, event?}]. Overlapping spans
 * (a joint event's actor and recipient are the same words) mark one stretch with both roles.
 */
export function highlighted(text, spans) {
  const chars = Array.from(text || "");
  const valid = (spans || []).filter((sp) => sp && sp.start >= 0 && sp.end > sp.start && sp.end <= chars.length);
  const cuts = new Set([0, chars.length]);
  for (const sp of valid) {
    cuts.add(sp.start);
    cuts.add(sp.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = valid.filter((sp) => sp.start <= a && sp.end >= b);
    if (!covering.length) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const roles = ROLES.filter((r) => covering.some((sp) => sp.role === r));
    const events = [...new Set(covering.map((sp) => sp.event).filter((e) => e !== undefined))];
    fragment.append(
      h(
        "mark",
        {
          class: roles.map((r) => `hl-${r}`).join(" "),
          title: roles.map((r) => ROLE_NAMES[r]).join(" and "),
          dataset: events.length ? { events: events.join(" ") } : {},
        },
        piece,
      ),
    );
  }
  return fragment;
}

/** The colour key for the marks. */
export function legend() {
  return h(
    "p",
    { class: "hl-legend" },
    "Marked: ",
    ROLES.map((r) => [h("mark", { class: `hl-${r}` }, ROLE_NAMES[r]), " "]),
  );
}

/** Spans of a coded event (offsets into the full text), for highlighting the whole text. */
export function eventSpans(ev, index) {
  const spans = [];
  const info = ev.text_info || {};
  if (info.trigger_start !== undefined && info.trigger_start !== null) {
    spans.push({ role: "trigger", start: info.trigger_start, end: info.trigger_end, event: index });
  }
  for (const role of ["actor", "recipient"]) {
    const a = ev[role];
    if (a && a.start !== null && a.start !== undefined && a.end > a.start) {
      spans.push({ role, start: a.start, end: a.end, event: index });
    }
  }
  const loc = ev.event_loc;
  if (loc && loc.start !== null && loc.start !== undefined && loc.end > loc.start) {
    spans.push({ role: "location", start: loc.start, end: loc.end, event: index });
  }
  return spans;
}

/** A sentence's evidence block: trailing blank lines trimmed, marks kept in range. */
export function evidenceQuote(evidence) {
  const text = (evidence && evidence.text) || "";
  const trimmed = text.replace(/\s+$/u, "");
  const length = Array.from(trimmed).length;
  const spans = ((evidence && evidence.highlights) || []).map((sp) => ({ ...sp, end: Math.min(sp.end, length) }));
  return h("blockquote", { class: "evidence" }, highlighted(trimmed, spans));
}
