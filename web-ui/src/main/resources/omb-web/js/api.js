// HTTP to the box: adds the parent token, unwraps the {status, data} envelope, and turns refusals into
// ApiError so that every caller can show the same parent-friendly words (see refusalText).
import { t, hasWords } from './i18n.js';
import { boxPath } from './base.js';

let token = null;
let unauthorized = () => {};

export function setToken(value) {
  token = value || null;
}

export function onUnauthorized(fn) {
  unauthorized = fn;
}

export class ApiError extends Error {
  constructor(status, type, message, body) {
    super(message || type || `HTTP ${status}`);
    this.status = status;
    this.type = type;
    this.body = body;
  }
}

/**
 * path: the box's path ("/api/..."), sent under the page's base (see base.js).
 * body: a plain object (sent as JSON), FormData (sent as multipart), or undefined.
 * options.token overrides the kept token (used to check a token before keeping it).
 */
export async function request(method, path, body, options = {}) {
  const headers = {};
  const useToken = options.token ?? token;
  if (useToken) headers.Authorization = `Bearer ${useToken}`;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(boxPath(path), { method, headers, body: payload, signal: options.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', e.message);
  }
  let json = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error_type, json?.message, json);
    if (response.status === 401 && !options.token && useToken) unauthorized(error);
    throw error;
  }
  return json?.data ?? null;
}

export const get = (path) => request('GET', path);
export const post = (path, body = {}) => request('POST', path, body);
export const put = (path, body = {}) => request('PUT', path, body);
export const del = (path, body) => request('DELETE', path, body);

/**
 * Words a parent understands for a refusal, chosen by its error_type (the box's `message` is English for
 * developers and never shown). A validation_error names the fields it refused; known fields get their own
 * sentence, others the general one.
 */
export function refusalText(type, errors) {
  if (type === 'validation_error' && Array.isArray(errors)) {
    const fields = [...new Set(errors.map((e) => e?.field).filter((f) => hasWords(`field.${f}`)))];
    if (fields.length) return fields.map((f) => t(`field.${f}`)).join(' ');
  }
  return hasWords(`refusal.${type}`) ? t(`refusal.${type}`) : t('refusal.unknown');
}

/** The same for anything a request threw: a refusal, a lost connection, or a bug in the page. */
export function problemText(error) {
  if (!(error instanceof ApiError)) return t('refusal.unknown');
  if (error.status === 0) return t('refusal.network');
  return refusalText(error.type, error.body?.errors);
}
