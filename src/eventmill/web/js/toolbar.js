// Taking the view away: the filtered events as a file (the API's /events.csv and siblings:
// the rows `eventmill export` writes on the same filter, in the table's order), the timeline
// and the network as SVG or PNG pictures, and a link to this exact view.
import { fill, h } from "./dom.js";
import * as state from "./state.js";
import { DEFAULT_ORDER } from "./table.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const FILES = [
  ["events.csv", "", "CSV (one row per event)"],
  ["events.jsonl", "", "JSON Lines (eventmill's records)"],
  ["events.parquet", "", "Parquet"],
  ["events.tsv", "gdelt-tsv", "GDELT 2.0 events (TSV)"],
  ["events.tsv", "icews-tsv", "ICEWS events (TSV)"],
  ["events.jsonl", "plover-jsonl", "PLOVER (JSON Lines)"],
];
// what a picture needs of the page's stylesheet, written onto each element
const PAINT = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity",
  "font-family", "font-size", "font-weight", "font-style", "text-anchor", "paint-order", "visibility", "display"];

/** A chart's SVG as a file that stands alone: the page's styles written into it, on white. */
export function standalone(svg) {
  const copy = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [copy, ...copy.querySelectorAll("*")];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    for (const prop of PAINT) {
      const value = style.getPropertyValue(prop);
      if (value) to[i].setAttribute(prop, value);
    }
    to[i].removeAttribute("tabindex");
    to[i].removeAttribute("class");
  });
  const [, , width, height] = (copy.getAttribute("viewBox") || `0 0 ${svg.clientWidth} ${svg.clientHeight}`).split(" ").map(Number);
  copy.setAttribute("xmlns", SVG_NS);
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  const [x0, y0] = (copy.getAttribute("viewBox") || "0 0").split(" ").map(Number);
  const bg = document.createElementNS(SVG_NS, "rect");
  for (const [k, v] of Object.entries({ x: x0, y: y0, width, height, fill: "#ffffff" })) bg.setAttribute(k, String(v));
  copy.prepend(bg);
  return { text: new XMLSerializer().serializeToString(copy), width, height };
}

/** The picture as PNG at twice its size (sharp on a high-density screen or in print). */
export async function toPng({ text, width, height }, scale = 2) {
  const img = new Image();
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The toolbar; `charts` maps a name to a function giving that chart's current <svg>. */
export function createToolbar(root, { charts }) {
  const links = FILES.map(([path, format, label]) => h("li", {}, h("a", { href: path, download: "", class: "download", dataset: { path, format } }, label)));
  const pictures = Object.entries(charts).flatMap(([name, get]) => ["svg", "png"].map((kind) =>
    h("li", {}, h("button", { type: "button", class: "linkish", dataset: { chart: name, kind }, onclick: () => picture(name, get, kind) },
      `${name[0].toUpperCase()}${name.slice(1)} as ${kind.toUpperCase()}`))));
  const menu = h("details", { class: "menu", id: "download-menu" },
    h("summary", {}, "Download"),
    h("div", { class: "menu-body" },
      h("p", { class: "menu-title" }, "These events"),
      h("ul", {}, links),
      h("p", { class: "menu-title" }, "Pictures"),
      h("ul", {}, pictures)));
  const status = h("span", { class: "muted small", id: "toolbar-status", role: "status" });
  const copy = h("button", { type: "button", class: "secondary", id: "copy-link", onclick: copyLink }, "Copy link");
  const field = h("input", { type: "text", readonly: true, id: "link-field", "aria-label": "Link to this view", hidden: true });
  fill(root, menu, copy, field, status);
  menu.addEventListener("click", (e) => {
    if (e.target.closest("a, button")) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  async function picture(name, get, kind) {
    const svg = get();
    if (!svg) {
      status.textContent = `The ${name} has nothing to draw yet.`;
      return;
    }
    const image = standalone(svg);
    const blob = kind === "svg" ? new Blob([image.text], { type: "image/svg+xml" }) : await toPng(image);
    save(blob, `eventmill-${name}.${kind}`);
    status.textContent = `Saved eventmill-${name}.${kind}`;
  }

  async function copyLink() {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      field.hidden = true;
      status.textContent = "Link copied: it opens this view, filters and all.";
    } catch {
      // no clipboard here (an insecure origin, a refused permission): show the link to copy by hand
      field.value = url;
      field.hidden = false;
      field.select();
      status.textContent = "Copy the link from the box.";
    }
  }

  return {
    refresh(st) {
      const params = state.filterParams(st);
      params.set("order", st.order || DEFAULT_ORDER);
      for (const a of root.querySelectorAll("a.download")) {
        const q = new URLSearchParams(params);
        if (a.dataset.format) q.set("format", a.dataset.format);
        a.href = `${a.dataset.path}?${q}`;
      }
      status.textContent = "";
      field.hidden = true;
    },
  };
}
