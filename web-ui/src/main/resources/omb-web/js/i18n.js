// Every visible word goes through t(), so that switching language re-labels the page without a reload.
import en from './lang-en.js';
import fr from './lang-fr.js';
import { storageKey } from './base.js';

const WORDS = { en, fr };
const KEY = storageKey('omb.lang');
const listeners = new Set();

function firstLanguage() {
  const saved = localStorage.getItem(KEY);
  if (saved && WORDS[saved]) return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let current = firstLanguage();

export function language() {
  return current;
}

export function t(key, vars = {}) {
  const text = WORDS[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** True when the page has words for this key (in English at least). */
export function hasWords(key) {
  return key in en;
}

/** A word for a value the box sends (e.g. a health status), or the value itself when we have none. */
export function word(prefix, value) {
  const key = `${prefix}.${value}`;
  return WORDS[current][key] ?? en[key] ?? String(value);
}

export function setLanguage(lang) {
  if (!WORDS[lang] || lang === current) return;
  current = lang;
  localStorage.setItem(KEY, lang);
  translate(document);
  for (const fn of listeners) fn(lang);
}

/** Calls fn after each language change; views re-render their dynamic text there. */
export function onLanguage(fn) {
  listeners.add(fn);
}

/** Labels the static markup: data-i18n (text), data-i18n-placeholder and data-i18n-aria. */
export function translate(root) {
  document.documentElement.lang = current;
  document.title = t('app.name');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}

/** Minutes and seconds of a duration, e.g. 3:07, or 1:02:03 past an hour. */
export function clock(ms) {
  const total = Math.max(0, Math.floor((ms || 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Bytes in decimal units, the way phones and shops count them (84.6 GB). */
export function size(bytes) {
  const units = current === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(current, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${units[unit]}`;
}

export function trackCount(n) {
  if (!n) return t('playlists.countNone');
  return n === 1 ? t('playlists.countOne') : t('playlists.count', { count: n });
}
