// Building DOM nodes. Every piece of data (article text, titles, names, codes) goes in as a
// text node or an attribute value, never as markup: nothing from a story can become HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.setAttribute("class", value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: h("a", {href, class}, "text", otherNode, ...). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, the same way. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replace a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  return build(node, {}, children);
}

/** A link target only when it is a web address: a stored url of "javascript:..." is shown, never followed. */
export function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link to an article, opened in a new tab without handing it this page; plain text if not a web address. */
export function articleLink(url, label) {
  const href = safeUrl(url);
  if (!href) return url ? h("span", { class: "muted", title: "not a web address, so not linked" }, url) : null;
  return h("a", { href, target: "_blank", rel: "noopener noreferrer" }, label || url);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-03-09" -> "9 Mar 2026" (dates stay calendar dates: no time zone shifts). */
export function fmtDate(iso, { year = true } = {}) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${d} ${MONTHS[m - 1]}${year ? " " + y : ""}`;
}

/**
 * An event date as precise as it is known: "1956" for a year, "Mar 2026" for a month,
 * "9 Mar 2026" for a day (a date known to the year is stored as its first day; showing
 * "1 Jan 1956" would claim a day nobody reported).
 */
export function fmtWhen(iso, precision) {
  if (!iso) return "";
  const [y, m] = iso.slice(0, 10).split("-").map(Number);
  switch (precision) {
    case "century": return `${Math.floor(y / 100) * 100}s (century)`;
    case "decade": return `${Math.floor(y / 10) * 10}s`;
    case "year": return String(y);
    case "half": return `${m <= 6 ? "first" : "second"} half of ${y}`;
    case "quarter": return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
    case "season": return `${MONTHS[m - 1]} ${y} (season)`;
    case "month": return `${MONTHS[m - 1]} ${y}`;
    case "week": return `week of ${fmtDate(iso)}`;
    default: return fmtDate(iso);
  }
}

/** Days between two ISO dates (b - a). */
export function daysBetween(a, b) {
  return Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86400000);
}

/** ISO date plus n days. */
export function addDays(iso, n) {
  const t = new Date(Date.parse(iso.slice(0, 10)) + n * 86400000);
  return t.toISOString().slice(0, 10);
}

/** The present parts (text or nodes) with a separator between them. */
export function joined(parts, separator = " · ") {
  return parts.filter((p) => p !== null && p !== undefined && p !== "").flatMap((p, i) => (i ? [separator, p] : [p]));
}

const FORMATS = new Map(); // one formatter per precision: making one per number is slow (a map labels thousands)

export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  if (!FORMATS.has(digits)) FORMATS.set(digits, new Intl.NumberFormat("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
  return FORMATS.get(digits).format(Number(n));
}

export function plural(n, word, words) {
  return `${fmtNumber(n)} ${n === 1 ? word : words || word + "s"}`;
}

/** A message in the page's alert area (errors from the API name what went wrong). */
export function showError(err) {
  const box = document.getElementById("alert");
  if (!box) return;
  const message = err && err.message ? err.message : String(err);
  fill(box, h("span", {}, message), " ", h("button", { type: "button", onclick: () => fill(box) }, "Dismiss"));
}
