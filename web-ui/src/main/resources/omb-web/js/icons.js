// Inline SVG icons (no image requests); filled into every [data-icon] placeholder.
const PATHS = {
  play: '<path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.4-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5z"/>',
  pause: '<rect x="6.5" y="5" width="4" height="14" rx="1.2"/><rect x="13.5" y="5" width="4" height="14" rx="1.2"/>',
  prev: '<rect x="5" y="5" width="2.6" height="14" rx="1"/><path d="M19 6.2v11.6a1 1 0 0 1-1.55.83L9.2 13.03a1.2 1.2 0 0 1 0-2.06l8.25-5.6A1 1 0 0 1 19 6.2z"/>',
  next: '<rect x="16.4" y="5" width="2.6" height="14" rx="1"/><path d="M5 6.2v11.6a1 1 0 0 0 1.55.83l8.25-5.6a1.2 1.2 0 0 0 0-2.06L6.55 5.37A1 1 0 0 0 5 6.2z"/>',
  volume: '<path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z"/><path d="M15.5 8.5a5 5 0 0 1 0 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  drag: '<circle cx="9" cy="6" r="1.7"/><circle cx="15" cy="6" r="1.7"/><circle cx="9" cy="12" r="1.7"/><circle cx="15" cy="12" r="1.7"/><circle cx="9" cy="18" r="1.7"/><circle cx="15" cy="18" r="1.7"/>',
  trash: '<path d="M9 4h6l1 2h4v2H4V6h4zM6 9.5h12l-.9 9.6A2 2 0 0 1 15.1 21H8.9a2 2 0 0 1-2-1.9z"/>',
  tag: '<rect x="3.5" y="3.5" width="17" height="17" rx="4" fill="none" stroke="currentColor" stroke-width="2"/><path d="M9 9.5a4 4 0 0 1 0 5M12 8a6.5 6.5 0 0 1 0 8M15 6.5a9 9 0 0 1 0 11" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>',
  upload: '<path d="M12 4l5 5h-3.2v6h-3.6V9H7z"/><path d="M5 17h14v3H5z"/>',
  move: '<path d="M4 11h10.2l-3.6-3.6L12 6l6 6-6 6-1.4-1.4 3.6-3.6H4z"/><rect x="19" y="5" width="2" height="14" rx="1"/>',
  note: '<path d="M10 4.5l9-2v12.2a3 3 0 1 1-2-2.8V6.1l-5 1.1v9.6a3 3 0 1 1-2-2.8z"/>',
};

export function icon(name) {
  const span = document.createElement('span');
  span.className = 'icon';
  span.setAttribute('aria-hidden', 'true');
  span.innerHTML = `<svg viewBox="0 0 24 24" width="24" height="24" fill="currentColor" focusable="false">${PATHS[name] || ''}</svg>`;
  return span;
}

export function setIcon(el, name) {
  if (el.dataset.iconShown === name) return;
  el.dataset.iconShown = name;
  el.replaceChildren(icon(name));
}

export function fillIcons(root = document) {
  for (const el of root.querySelectorAll('[data-icon]')) setIcon(el, el.dataset.icon);
}
