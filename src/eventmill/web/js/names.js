// Names in, codes out: the actor and country boxes suggest codes by name as the reader types
// (GET /names: "Iran" is IRN, "Kadhimi" the Iraqi government's code on the day), and a code
// that matches nothing is reported with the close ones. The box is an ARIA combobox: the
// arrow keys move through the suggestions, Enter takes one, Escape closes the list.
import { getJSON } from "./api.js";
import { fmtNumber, h } from "./dom.js";

const cache = new Map();

/** GET /names for a text, a kind (actor or country) and a day, cached for the page's life. */
export function lookup(q, kind, on) {
  const key = `${kind}\u0000${on || ""}\u0000${q}`;
  if (!cache.has(key)) {
    const params = new URLSearchParams({ q, kind, limit: "8" });
    if (on) params.set("on", on);
    const answer = getJSON("names", params);
    answer.catch(() => cache.delete(key));
    cache.set(key, answer);
  }
  return cache.get(key);
}

/**
 * The code a typed text stands for: the text itself when it is a code of that kind, else
 * what the name means on the day ("Iran" is IRN; `reading` says so), else the text as typed.
 */
export async function asCode(raw, kind, on) {
  const text = (raw || "").trim();
  if (!text) return { code: null };
  try {
    const body = await lookup(text, kind, on);
    if (!body.known && body.resolved) {
      const r = body.resolved;
      return { code: r.code, reading: `“${text}” read as ${r.code}${r.name ? " (" + r.name + ")" : ""}: ${r.why}.` };
    }
  } catch {
    // no answer: the text stays as typed, and the notice under the chips says if it matches nothing
  }
  return { code: text.toUpperCase() };
}

let comboCount = 0;

/**
 * Make `input` a combobox of codes of `kind`. `onChoose(code)` runs when a suggestion is
 * taken; `day()` gives the date names are read on (an office-holder's code depends on it).
 */
export function combobox(input, { kind, day, onChoose }) {
  const id = `combo-${++comboCount}`;
  const list = h("ul", { id: `${id}-list`, role: "listbox", class: "combo-list", hidden: true, "aria-label": `Suggested ${kind === "country" ? "countries" : "actors"}` });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.after(list);
  input.parentElement.classList.add("combo");
  let items = [];
  let active = -1;
  let timer = null;
  let asked = "";

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(i) {
    const s = items[i];
    if (!s) return;
    input.value = s.code;
    close();
    onChoose(s.code);
  }

  async function suggest() {
    const q = input.value.trim();
    asked = q;
    if (!q) {
      close();
      return;
    }
    let body;
    try {
      body = await lookup(q, kind, day());
    } catch {
      return; // suggestions are a help: typing goes on without them
    }
    if (asked !== q || document.activeElement !== input) return;
    items = body.suggestions;
    list.replaceChildren(...items.map((s, i) => h("li", {
      id: `${id}-opt-${i}`, role: "option", "aria-selected": "false", dataset: { code: s.code },
      title: s.why || "",
      onpointerdown: (e) => e.preventDefault(), // keep the focus in the box
      onclick: () => choose(i),
    }, h("span", { class: "code" }, s.code), " ", h("span", {}, s.name && s.name !== s.code ? s.name : ""),
    h("span", { class: "muted small" }, ` ${fmtNumber(s.events)}`))));
    if (!items.length) {
      close();
      return;
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(-1);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (e) => {
    const open = !list.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        suggest();
        return;
      }
      const n = items.length;
      mark(e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === "Enter" && open && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
  return { close };
}
