import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from './api';
import { ApiProblem, asProblem, problemFrom } from './problem';
import { getSession, setSession } from './session';

/** A stand-in for the network: answers every call with the given response and records the request. */
function answering(response: () => Response) {
  const calls: Request[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(new URL(String(input), 'http://ui.test'), init));
    return response();
  }) as typeof fetch;
  return { calls, fetchFn };
}

const problemJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });

afterEach(() => setSession(null));

describe('API problems', () => {
  it('tells a person what to do in the console, not which header to send', async () => {
    const { fetchFn } = answering(() =>
      problemJson(401, {
        title: 'Unauthorized',
        status: 401,
        detail: 'wrong user name or password',
        code: 'auth.unauthorized',
        hint: 'Missing, expired or invalid credentials; log in again and send Authorization: Bearer <token>.',
      }),
    );
    const api = createApi({ fetch: fetchFn });
    const problem = await api.post<never>('/api/auth/login', {}).catch((e: ApiProblem) => e);
    expect(problem.hint).toBe('Check your user name and password; if you were signed in, your session has ended: sign in again.');
    expect(problem.hint).not.toContain('Authorization');
  });

  it('reads a platform problem with its code, hint and field errors', async () => {
    const { fetchFn } = answering(() =>
      problemJson(422, {
        title: 'Unprocessable Content',
        status: 422,
        detail: 'the app archive has 2 problems',
        code: 'app.validation',
        hint: 'fix them and upload again',
        errors: [
          { path: 'appConfig.json', message: 'name is missing' },
          { path: 'services/x/config.json', message: "unknown runtime 'cobol'" },
        ],
      }),
    );
    const api = createApi({ fetch: fetchFn });
    const problem = await api.post<never>('/api/apps', {}).catch((e: ApiProblem) => e);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ status: 422, code: 'app.validation', summary: 'the app archive has 2 problems', hint: 'fix them and upload again' });
    expect(problem.errors).toEqual([
      { path: 'appConfig.json', message: 'name is missing' },
      { path: 'services/x/config.json', message: "unknown runtime 'cobol'" },
    ]);
  });

  it('puts a status into words when the body is not a problem', async () => {
    const html = await problemFrom(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(html.summary).toBe('A platform service answered badly');
    const empty = await problemFrom(new Response(null, { status: 404 }));
    expect(empty.summary).toBe('Not found');
    const text = await problemFrom(new Response('no such deployment', { status: 404 }));
    expect(text.summary).toBe('no such deployment');
  });

  it('keeps Retry-After of a rate limit', async () => {
    const p = await problemFrom(problemJson(429, { detail: 'slow down', code: 'rate.limited' }, { 'Retry-After': '7' }));
    expect(p.retryAfter).toBe(7);
  });

  it('turns a network failure into a problem in words', () => {
    expect(asProblem(new TypeError('Failed to fetch')).summary).toMatch(/cannot be reached/);
  });

  it('sends the token and JSON, and ends the session on a 401', async () => {
    setSession({ username: 'ada', token: 't0k', expiresAt: new Date(Date.now() + 60_000).toISOString(), roles: ['DEVELOPER'] });
    let expired = 0;
    const { calls, fetchFn } = answering(() => problemJson(401, { detail: 'the token has expired', code: 'auth.unauthorized' }));
    const api = createApi({ fetch: fetchFn, onExpired: () => expired++ });
    const problem = await api.post<never>('/api/apps/greenhouse/deployments', { schedule: { type: 'now' } }).catch((e: ApiProblem) => e);
    expect(calls[0].headers.get('Authorization')).toBe('Bearer t0k');
    expect(calls[0].headers.get('Content-Type')).toBe('application/json');
    expect(await calls[0].text()).toBe('{"schedule":{"type":"now"}}');
    expect(problem.code).toBe('auth.unauthorized');
    expect(getSession()).toBeNull();
    expect(expired).toBe(1);
  });

  it('does not treat a failed login as an expired session', async () => {
    let expired = 0;
    const { fetchFn } = answering(() => problemJson(401, { detail: 'wrong username or password', code: 'auth.unauthorized' }));
    const api = createApi({ fetch: fetchFn, onExpired: () => expired++ });
    await expect(api.login('ada', 'nope')).rejects.toMatchObject({ summary: 'wrong username or password' });
    expect(expired).toBe(0);
  });

  it('stores the session after login and answers 204 as nothing', async () => {
    const { fetchFn } = answering(() => new Response(JSON.stringify({ token: 'abc', expiresAt: '2099-01-01T00:00:00Z', roles: ['ADMIN'] }), { status: 200 }));
    const api = createApi({ fetch: fetchFn });
    await api.login('Ada', 'pw');
    expect(getSession()).toMatchObject({ username: 'ada', token: 'abc', roles: ['ADMIN'] });
    const none = createApi({ fetch: answering(() => new Response(null, { status: 204 })).fetchFn });
    expect(await none.del('/api/apps/x')).toBeUndefined();
  });
});
