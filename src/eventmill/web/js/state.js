// The app's state lives in the page's query string, so any view can be shared by copying
// the address. Filter names are the API's own (docs/serve.md): the same string that opens
// this view is what the app sends to GET /events.

export const FILTERS = [
  "text", "actor", "recipient", "party", "exact", "country", "actor_country", "recipient_country", "sector",
  "event", "cameo", "quad", "aux", "with_negated", "since", "until", "bbox", "min_confidence", "story",
];
const MULTI = new Set(["event", "quad", "aux"]);
// Not filters: which view, the table's order, the opened event, the timeline's options (stack,
// interval, zoom, division), the network's level, the commitments view's status, action and order.
export const UI = ["view", "order", "open", "norm", "tstack", "tint", "tzoom", "level", "cstatus", "cintended", "corder"];
// Older links named the commitments' actor "cactor": it is the actor filter now.
const ALIASES = { cactor: "actor" };

const listeners = new Set();
let current = parse(window.location.search);

function parse(search) {
  const params = new URLSearchParams(search);
  for (const [old, key] of Object.entries(ALIASES)) {
    if (params.has(old) && !params.has(key)) params.set(key, params.get(old));
  }
  const state = {};
  for (const key of [...FILTERS, ...UI]) {
    const values = params.getAll(key).map((v) => v.trim()).filter(Boolean);
    if (!values.length) continue;
    state[key] = MULTI.has(key) ? [...new Set(values)] : values[values.length - 1];
  }
  return state;
}

function toSearch(state) {
  const params = new URLSearchParams();
  for (const key of [...UI, ...FILTERS]) {
    const value = state[key];
    if (value === undefined || value === null || value === "") continue;
    for (const v of [value].flat()) params.append(key, v);
  }
  const text = params.toString();
  return text ? "?" + text : window.location.pathname;
}

/** The state now (a copy). */
export function get() {
  return structuredClone(current);
}

/** Change some keys (null or "" or [] removes one), record it in the address, tell the views. */
export function update(changes, { replace = false } = {}) {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    const empty = value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length);
    if (empty) delete next[key];
    else next[key] = Array.isArray(value) ? [...new Set(value.map(String))] : String(value);
  }
  if (toSearch(next) === toSearch(current)) return;
  const previous = current;
  current = next;
  const url = toSearch(next);
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  notify(previous);
}

/** Call fn(state, previous) whenever the state changes (links, back and forward included). */
export function subscribe(fn) {
  listeners.add(fn);
}

function notify(previous) {
  for (const fn of listeners) fn(get(), previous);
}

window.addEventListener("popstate", () => {
  const previous = current;
  current = parse(window.location.search);
  notify(previous);
});

/** The event filters of a state as API query parameters, leaving out the names in `omit`. */
export function filterParams(state, omit = []) {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    if (omit.includes(key) || state[key] === undefined) continue;
    for (const v of [state[key]].flat()) params.append(key, v);
  }
  return params;
}

/** Whether the event filters differ between two states (other keys ignored). */
export function filtersChanged(a, b, omit = []) {
  return filterParams(a, omit).toString() !== filterParams(b, omit).toString();
}
