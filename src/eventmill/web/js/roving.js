// One tab stop for a chart full of clickable things (the network's actors and lines, the
// map's markers, the timeline's periods): Tab reaches the chart once, the arrow keys move
// from one item to the next, Home and End to the first and last, Enter or Space picks one.
// When the chart is drawn again (new filters, a resize) the focus stays on the same item if
// it is still there, so a reader who picked something keeps their place.

export function roving(container, selector, { extraKeys } = {}) {
  let order = [];
  let current = null; // the key (data-key) of the item that is the tab stop

  function focus(el) {
    for (const x of order) x.tabIndex = -1;
    el.tabIndex = 0;
    current = el.dataset.key;
    el.focus({ preventScroll: false });
  }

  container.addEventListener("keydown", (e) => {
    const item = e.target.closest(selector);
    if (!item || !container.contains(item) || !order.length) return;
    const i = order.indexOf(item);
    const n = order.length;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step) {
      e.preventDefault();
      focus(order[(i + step + n) % n]);
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      focus(order[e.key === "Home" ? 0 : n - 1]);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      item.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    } else if (extraKeys && extraKeys[e.key]) {
      e.preventDefault();
      extraKeys[e.key](item);
    }
  });
  container.addEventListener("focusin", (e) => {
    const item = e.target.closest(selector);
    if (item && order.includes(item)) {
      for (const x of order) x.tabIndex = x === item ? 0 : -1;
      current = item.dataset.key;
    }
  });

  return {
    /** Draw with `draw()`, then make `items` (in keyboard order) the chart's items. */
    render(draw, items = []) {
      const hadFocus = container.contains(document.activeElement);
      draw();
      order = items;
      if (!order.length) return;
      const keep = order.find((x) => x.dataset.key === current) || order[0];
      for (const x of order) x.tabIndex = -1;
      keep.tabIndex = 0;
      current = keep.dataset.key;
      if (hadFocus) keep.focus({ preventScroll: true });
    },
  };
}
