// Starts the page: language, parent login, the socket to the box, and the switch between views
// (the address hash names the view, so reloading or going back keeps the parent where they were).
import { translate, setLanguage, language, onLanguage, t } from './i18n.js';
import { fillIcons } from './icons.js';
import { $$, test } from './dom.js';
import { setupConfirm, toast } from './notice.js';
import { get } from './api.js';
import { socket } from './socket.js';
import { live, on } from './live.js';
import { setupLogin, setAccessMode, checkKeptToken, onParentChange, currentToken, logout } from './login.js';
import * as nowPlaying from './now-playing.js';
import * as playlists from './playlists.js';
import * as playlist from './playlist.js';
import * as settings from './settings.js';
import * as nfcLink from './nfc-link.js';
import { setupFirstRun, showSetup } from './setup.js';
import { socketUrl, basePath } from './base.js';

const VIEWS = { now: nowPlaying, playlists, playlist, settings };
// Old addresses: the health view became the box status under Settings.
const MOVED = { health: 'settings' };
let shown = null;

function route() {
  const [asked, arg] = location.hash.replace(/^#\/?/, '').split('/');
  const name = MOVED[asked] ?? asked;
  const view = VIEWS[name] ? name : 'now';
  const param = arg ? decodeURIComponent(arg) : null;
  if (view === 'playlist' && !param) {
    location.hash = '#playlists';
    return;
  }
  if (shown && (shown.view !== view || shown.param !== param)) VIEWS[shown.view].hide?.();
  for (const section of $$('[data-view]')) section.hidden = section.dataset.view !== view;
  for (const button of $$('.tabs [data-nav]')) {
    const current = button.dataset.nav === view || (view === 'playlist' && button.dataset.nav === 'playlists');
    button.classList.toggle('current', current);
    if (current) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  if (!shown || shown.view !== view || shown.param !== param) {
    shown = { view, param };
    VIEWS[view].show?.(param);
    window.scrollTo(0, 0);
  }
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function showConnection() {
  const el = test('connection');
  el.dataset.state = live.connection;
  el.querySelector('.connection-text').textContent = t(`connection.${live.connection}`);
}

function auth() {
  const token = currentToken();
  return token ? { token } : {};
}

/**
 * The socket path and the access mode come from the box; until it answers, try again calmly. The box
 * answers Socket.IO on the HTTP port too, so the socket goes to the page's own origin and base, never to
 * a second port: the same on the box, behind a reverse proxy and through the relay.
 */
async function connect() {
  // Away from home the relay opens nothing of the box to a phone it does not know: pair first.
  if (basePath !== '/' && !currentToken()) {
    toast(t('away.needed'));
    return;
  }
  try {
    const info = await get('/api/system/info');
    setAccessMode(info.access);
    showSetup(await get('/api/setup'));
    await checkKeptToken();
    socket.open(socketUrl(info.endpoints?.socketio_path ?? '/socket.io'), auth());
  } catch {
    setTimeout(connect, 2000);
  }
}

function start() {
  // Settings holds the language choice; the setup screen, which hides Settings, has its own.
  for (const hook of ['lang', 'setup-lang']) {
    const lang = test(hook);
    lang.value = language();
    lang.addEventListener('change', () => setLanguage(lang.value));
    onLanguage(() => { lang.value = language(); });
  }
  translate(document);
  fillIcons();
  setupConfirm();
  setupLogin();
  for (const view of Object.values(VIEWS)) view.setup?.();
  nfcLink.setup();
  setupFirstRun();
  socket.on('state:setup', showSetup);

  for (const button of $$('[data-nav]')) {
    button.addEventListener('click', () => go(`#${button.dataset.nav}`));
  }
  window.addEventListener('hashchange', route);
  on('connection', showConnection);
  onLanguage(showConnection);
  onParentChange(() => {
    if (!socket.url && currentToken()) connect();
    if (socket.url) socket.reopen(auth());
  });
  socket.on('connect_error', () => {
    if (currentToken()) {
      logout(t('login.expired'));
    } else {
      // Looking needs the token on this box: wait for the parent instead of knocking every few seconds.
      socket.wanted = false;
      toast(t('login.needed'), 'error');
    }
  });

  showConnection();
  route();
  connect();
}

start();
