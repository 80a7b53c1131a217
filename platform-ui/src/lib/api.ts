import { ApiProblem, asProblem, problemFrom } from './problem';
import { getSession, setSession, type Session } from './session';

/**
 * The platform's REST API (SPEC §6) through the gateway, same origin. Failed calls throw ApiProblem;
 * a 401 on a signed-in call ends the session and sends the user to the login page, which brings them
 * back to where they were.
 */
type Fetch = typeof fetch;

export interface ApiOptions {
  fetch?: Fetch;
  onExpired?: () => void;
}

let expiredHandler: () => void = () => {};

export function onSessionExpired(handler: () => void) {
  expiredHandler = handler;
}

export function createApi(options: ApiOptions = {}) {
  const doFetch: Fetch = options.fetch ?? ((...args) => fetch(...args));
  const expired = () => (options.onExpired ?? expiredHandler)();

  async function send(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<Response> {
    const session = getSession();
    const headers = new Headers(init.headers);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
    if (session) headers.set('Authorization', `Bearer ${session.token}`);
    let payload: BodyInit | undefined;
    if (body instanceof FormData || body instanceof Blob) payload = body;
    else if (body !== undefined) {
      headers.set('Content-Type', 'application/json');
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await doFetch(path, { ...init, method, headers, body: payload });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw asProblem(e);
    }
    if (!response.ok) {
      const problem = await problemFrom(response);
      if (response.status === 401 && session) {
        setSession(null);
        expired();
      }
      throw problem;
    }
    return response;
  }

  async function json<T>(method: string, path: string, body?: unknown, init?: RequestInit): Promise<T> {
    const response = await send(method, path, body, init);
    if (response.status === 204) return undefined as T;
    const raw = await response.text();
    return (raw ? JSON.parse(raw) : undefined) as T;
  }

  return {
    send,
    get: <T>(path: string, init?: RequestInit) => json<T>('GET', path, undefined, init),
    post: <T>(path: string, body?: unknown) => json<T>('POST', path, body),
    put: <T>(path: string, body?: unknown) => json<T>('PUT', path, body),
    del: <T>(path: string) => json<T>('DELETE', path),
    async login(username: string, password: string): Promise<Session> {
      const answer = await json<{ token: string; expiresAt: string; roles: string[] }>('POST', '/api/auth/login', { username, password });
      const session = { username: username.toLowerCase(), ...answer };
      setSession(session);
      return session;
    },
    async refresh(): Promise<void> {
      const current = getSession();
      if (!current) return;
      const answer = await json<{ token: string; expiresAt: string; roles: string[] }>('POST', '/api/auth/refresh');
      setSession({ ...current, ...answer });
    },
    async logout(): Promise<void> {
      try {
        if (getSession()) await send('POST', '/api/auth/logout');
      } finally {
        setSession(null);
      }
    },
    /** Downloads a response as a file (with the token, which a plain link cannot send). */
    async download(path: string, fallbackName: string): Promise<void> {
      const response = await send('GET', path, undefined, { headers: { Accept: '*/*' } });
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

export const api = createApi();
export { ApiProblem };
