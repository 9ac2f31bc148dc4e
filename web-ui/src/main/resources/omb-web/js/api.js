// HTTP to the box: adds the parent token, unwraps the {status, data} envelope, and turns refusals into
// ApiError so that every caller can show the same parent-friendly words (see problemText).
import { t } from './i18n.js';

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
    response = await fetch(path, { method, headers, body: payload, signal: options.signal });
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

/** Words a parent understands for a refusal or a lost connection. */
export function problemText(error) {
  if (!(error instanceof ApiError)) return t('error.generic', { message: error?.message || '' });
  switch (error.status) {
    case 0: return t('error.network');
    case 401: return t('login.expired');
    case 404: return t('error.notFound');
    case 409: return t('error.conflict', { message: error.message });
    case 413: return t('upload.tooBig');
    case 415: return t('upload.notAudio');
    case 429: return t('error.tooMany');
    case 503: return t('error.busy');
    case 507: return t('upload.full');
    default:
      if (error.status >= 400 && error.status < 500) return t('error.invalid', { message: error.message });
      return t('error.generic', { message: error.message });
  }
}
