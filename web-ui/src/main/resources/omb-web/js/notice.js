// Short messages for the parent (toasts) and the yes/no question asked before anything is deleted.
import { h, $, test } from './dom.js';

export function toast(text, kind = 'info') {
  const box = $('.toasts');
  const item = h('div', { class: `toast ${kind}`, 'data-test': 'toast', role: kind === 'error' ? 'alert' : 'status', text });
  box.append(item);
  // More than three at once is noise; the oldest go first.
  while (box.children.length > 3) box.firstElementChild.remove();
  setTimeout(() => item.classList.add('leaving'), 4500);
  setTimeout(() => item.remove(), 5000);
}

let pending = null;

/** Resolves true when the parent taps yes; any other way out of the dialog is a no. */
export function confirmAsk(text) {
  const dialog = $('.confirm-dialog');
  $('.confirm-text', dialog).textContent = text;
  if (pending) pending(false);
  return new Promise((resolve) => {
    pending = resolve;
    if (!dialog.open) dialog.showModal();
  });
}

export function setupConfirm() {
  const dialog = $('.confirm-dialog');
  const answer = (yes) => {
    const resolve = pending;
    pending = null;
    if (dialog.open) dialog.close();
    if (resolve) resolve(yes);
  };
  test('confirm-yes', dialog).addEventListener('click', () => answer(true));
  test('confirm-no', dialog).addEventListener('click', () => answer(false));
  dialog.addEventListener('close', () => answer(false));
}
