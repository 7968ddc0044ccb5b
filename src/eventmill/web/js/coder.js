// "Code a text": paste a story and its date, see the events eventmill finds, with their
// words marked in the text. POST /code stores nothing; on a server that is not on this
// machine it needs the token given to `eventmill serve --token`.
import { postJSON } from "./api.js";
import { fill, fmtDate, fmtNumber, fmtWhen, h, plural } from "./dom.js";
import { eventSpans, highlighted, legend } from "./evidence.js";
import { actorLabel, quadSwatch } from "./vocab.js";

export function createCoder(root, { access }) {
  const text = h("textarea", { id: "code-text", name: "text", rows: "9", required: true,
    placeholder: "NAIROBI - Kenya and Ethiopia agreed on Monday to reopen the Moyale border crossing..." });
  // today (the reader's calendar day) unless changed: a pasted story is most often today's
  const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  const date = h("input", { id: "code-date", name: "date", type: "date", value: today, "aria-describedby": "code-date-hint" });
  const token = h("input", { id: "code-token", name: "token", type: "password", autocomplete: "off", "aria-describedby": "code-token-hint" });
  const submit = h("button", { type: "submit" }, "Find the events");
  const status = h("p", { class: "count", id: "code-status", "aria-live": "polite" });
  const output = h("div", { class: "coded", id: "code-output" });
  const tokenField = h("div", { class: "field", hidden: access !== "token" },
    h("label", { for: "code-token" }, "Access token"), token,
    h("p", { class: "hint", id: "code-token-hint" }, "The token this server was started with (eventmill serve --token). It is sent with this request only."));
  const form = h("form", { class: "code-form" },
    h("div", { class: "field" }, h("label", { for: "code-text" }, "Article text"), text),
    h("div", { class: "field" }, h("label", { for: "code-date" }, "Publication date"), date,
      h("p", { class: "hint", id: "code-date-hint" }, "Relative dates in the text (“on Monday”, “last week”) are read from this date; empty, they stay undated.")),
    tokenField,
    h("div", { class: "buttons" }, submit));
  fill(root,
    h("div", { class: "panel-head" }, h("h2", {}, "Code a text")),
    access === "off"
      ? h("p", { class: "error" }, "This server is read-only and you are not on its machine, so it cannot code texts here. " +
          "Run eventmill serve with --token T (or open the app on the server's own machine).")
      : h("p", { class: "hint" }, "Paste a news story: eventmill codes it as it would during an ingest, without storing anything."),
    form, status, output);
  if (access === "off") submit.disabled = true;

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    status.textContent = "Coding… (the first text takes a few seconds while the language model loads)";
    fill(output);
    try {
      const body = await postJSON("code", { text: text.value, date: date.value || null }, token.value.trim() || null);
      show(text.value, body.events);
    } catch (err) {
      status.textContent = err.message;
      if (err.status === 401 || err.status === 403) tokenField.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  function show(source, events) {
    status.textContent = events.length ? `${plural(events.length, "event")} found.` : "No events found in this text.";
    const spans = events.flatMap((ev, i) => eventSpans(ev, i));
    const coded = h("div", { class: "coded-text", id: "coded-text" }, highlighted(source, spans));
    // focusing one event marks its words alone (another event may share them in another role)
    const focus = (i) => fill(coded, highlighted(source, i === null ? spans : spans.filter((sp) => sp.event === i)));
    const cell = (label, attrs, ...content) => h("td", { ...attrs, dataset: { label } }, ...content.filter((c) => c !== ""));
    const rows = events.map((ev, i) => h("tr", { tabindex: "0", dataset: { index: String(i) },
      onmouseenter: () => focus(i), onmouseleave: () => focus(null), onfocus: () => focus(i), onblur: () => focus(null) },
      cell("Event", { class: "nowrap" }, quadSwatch(ev.quad_code), ` ${ev.event} `, h("span", { class: "muted small" }, ev.cameo || "")),
      cell("Actor", {}, actorLabel(ev.actor)),
      cell("Recipient", {}, actorLabel(ev.recipient)),
      cell("Date", { class: "nowrap" }, ev.date ? fmtWhen(ev.date, ev.date_precision) : "–"),
      cell("Place", {}, ev.event_loc ? ev.event_loc.name || ev.event_loc.text : "–"),
      cell("Promised", {}, ev.intended ? [`${ev.intended}`, ev.deadline ? ` by ${fmtDate(ev.deadline)}` : ""] : "–"),
      cell("Mode", {}, [...(ev.aux || []), ev.joint ? "joint" : null].filter(Boolean).join(", ")),
      cell("Trigger", { class: "trigger" }, ev.event_text || ""),
      cell("Confidence", { class: "num" }, fmtNumber(ev.confidence, 2))));
    fill(output,
      legend(),
      coded,
      events.length
        ? h("table", { class: "events cards", id: "coded-events" },
            h("caption", { class: "sr-only" }, "Events found in the text; focus a row to mark its words"),
            h("thead", {}, h("tr", {}, ["Event", "Actor", "Recipient", "Date", "Place", "Promised", "Mode", "Trigger", "Confidence"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, rows))
        : null,
      events.length ? h("p", { class: "hint" }, "Point at (or Tab to) an event to mark only its words.") : null);
  }

  return { refresh() {} };
}
