// Reordering tracks by dragging their handle. Pointer events, not HTML5 drag and drop, because phones
// send no drag events for touch. The row moves in the list as the finger passes the middle of its
// neighbours; on release the new order goes to the box, which answers with the playlist in that order.
const EDGE_PX = 60;
const SCROLL_STEP_PX = 12;

export function makeReorderable(list, onDrop) {
  let drag = null;

  const rows = () => [...list.querySelectorAll(':scope > [data-track-id]')];
  const order = () => rows().map((row) => row.dataset.trackId);

  function placeAt(y) {
    const { row } = drag;
    for (const other of rows()) {
      if (other === row) continue;
      const box = other.getBoundingClientRect();
      const middle = box.top + box.height / 2;
      const otherIsAbove = other.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (otherIsAbove && y < middle) {
        list.insertBefore(row, other);
        return;
      }
      if (!otherIsAbove && y > middle) {
        list.insertBefore(row, other.nextSibling);
      }
    }
  }

  // Near the top or bottom of the screen the page scrolls, so a long playlist can be crossed.
  function scrollNearEdges() {
    if (!drag) return;
    const y = drag.y;
    let step = 0;
    if (y < EDGE_PX) step = -SCROLL_STEP_PX;
    else if (y > window.innerHeight - EDGE_PX) step = SCROLL_STEP_PX;
    if (step) {
      window.scrollBy(0, step);
      placeAt(y);
    }
    drag.scroll = requestAnimationFrame(scrollNearEdges);
  }

  function finish(commit) {
    if (!drag) return;
    const { row, before, pointerId, handle, scroll } = drag;
    cancelAnimationFrame(scroll);
    drag = null;
    row.classList.remove('dragging');
    list.classList.remove('reordering');
    delete list.dataset.dragging;
    if (handle.hasPointerCapture?.(pointerId)) handle.releasePointerCapture(pointerId);
    const after = order();
    if (commit && after.join() !== before.join()) onDrop(after);
    else if (!commit) {
      // Put the rows back as they were.
      const byId = new Map(rows().map((r) => [r.dataset.trackId, r]));
      for (const id of before) list.append(byId.get(id));
    }
  }

  list.addEventListener('pointerdown', (e) => {
    const handle = e.target.closest('[data-test="drag-handle"]');
    if (!handle || !list.contains(handle) || drag || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const row = handle.closest('[data-track-id]');
    if (!row) return;
    e.preventDefault();
    handle.setPointerCapture(e.pointerId);
    drag = { row, handle, pointerId: e.pointerId, before: order(), y: e.clientY, scroll: 0 };
    row.classList.add('dragging');
    list.classList.add('reordering');
    list.dataset.dragging = 'true';
    drag.scroll = requestAnimationFrame(scrollNearEdges);
  });

  list.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    e.preventDefault();
    drag.y = e.clientY;
    placeAt(e.clientY);
  });

  list.addEventListener('pointerup', (e) => {
    if (drag && e.pointerId === drag.pointerId) finish(true);
  });
  list.addEventListener('pointercancel', (e) => {
    if (drag && e.pointerId === drag.pointerId) finish(false);
  });
  // A lost capture without pointerup (e.g. the row was redrawn) ends the drag where it is.
  list.addEventListener('lostpointercapture', (e) => {
    if (drag && e.pointerId === drag.pointerId) finish(true);
  });

  // Keyboard users move a track with the arrow keys on its handle.
  list.addEventListener('keydown', (e) => {
    const handle = e.target.closest('[data-test="drag-handle"]');
    if (!handle || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    const row = handle.closest('[data-track-id]');
    const sibling = e.key === 'ArrowUp' ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) return;
    e.preventDefault();
    const before = order();
    if (e.key === 'ArrowUp') list.insertBefore(row, sibling);
    else list.insertBefore(sibling, row);
    handle.focus();
    if (order().join() !== before.join()) onDrop(order());
  });
}
