// Where this page reaches its box: the folder the page was served from. On the box that is
// http://<box>:8000/; through the cloud relay it is the box's own prefix, such as
// https://relay.example/boxes/box-1/, under which the relay passes on the box's API and Socket.IO.
// Every request, picture and the socket go under it, so the same files work in both places: nothing in
// the page names a host, a port or an absolute path.
const root = new URL('.', document.baseURI);

/** "/" on the box, "/boxes/box-1/" through the relay. */
export const basePath = root.pathname;

/** A box path such as "/api/health", under this page's base ("/boxes/box-1/api/health" through the relay). */
export function boxPath(path) {
  return basePath + String(path).replace(/^\/+/, '');
}

/** The Socket.IO address on the page's own origin and base; wss: when the page came over https:. */
export function socketUrl(path) {
  const scheme = root.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${root.host}${boxPath(path).replace(/\/+$/, '')}/?EIO=4&transport=websocket`;
}

/**
 * A localStorage key for this box. localStorage is shared by every page of one origin, and one relay
 * serves many boxes: under a prefix the key carries it, so two boxes opened through the same relay keep
 * their own session and language. On the box itself the key stays the plain name it always had, so a
 * parent stays logged in across an update.
 */
export function storageKey(name) {
  return basePath === '/' ? name : `${name}@${basePath}`;
}
