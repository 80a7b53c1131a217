/** An RFC 9457 problem as the platform answers it, plus what the UI needs to show it in words. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly hint?: string;
  readonly errors: FieldProblem[];
  readonly retryAfter?: number;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail: string;
    hint?: string;
    errors?: FieldProblem[];
    retryAfter?: number;
  }) {
    super(init.detail || init.title);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.hint = init.hint;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter;
  }

  /** One sentence for a banner: the detail when the server gave one, else a plain-words status. */
  get summary(): string {
    return this.detail || this.title || statusWords(this.status);
  }
}

const STATUS_WORDS: Record<number, string> = {
  400: 'The request was not accepted',
  401: 'You are not signed in, or your session has expired',
  403: 'You are not allowed to do this',
  404: 'Not found',
  409: 'This conflicts with something that already exists',
  413: 'That is too large',
  415: 'The server does not accept this kind of content',
  422: 'The content was rejected',
  429: 'Too many requests; wait a moment and try again',
  500: 'The server failed',
  502: 'A platform service answered badly',
  503: 'A platform service is unavailable right now',
  504: 'A platform service took too long to answer',
};

export function statusWords(status: number): string {
  return STATUS_WORDS[status] ?? `The server answered with status ${status}`;
}

/**
 * The platform's hints are written for API clients ("send Authorization: Bearer …"); where one
 * would send a person to HTTP headers or API paths, the console says what to do in it instead.
 */
const PEOPLE_HINTS: Record<string, string> = {
  'auth.unauthorized': 'Check your user name and password; if you were signed in, your session has ended: sign in again.',
  'request.too-large': 'That is more than the platform takes at once; send less.',
  'request.unsupported-media-type': 'The console sent something the platform does not take; reload the page and try again.',
  'app.validation.unknown-sensor-type': 'Use one of the types listed under Sensors, or create the type there first.',
  'sensor.unknown-type': 'Create the type under Sensors first.',
  'deployment.start-failed': "Read the instance's output on the Logs page, fix the service and upload it again.",
  'rate.limited': 'Too many attempts; wait a moment and try again.',
};

export function peopleHint(code: string, hint: string | undefined): string | undefined {
  return PEOPLE_HINTS[code] ?? hint;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Reads a problem from any failed response: problem+json, plain JSON, text, or nothing at all. */
export async function problemFrom(response: Response): Promise<ApiProblem> {
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  let body: unknown = undefined;
  let raw = '';
  try {
    raw = await response.text();
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const errors = Array.isArray(b.errors)
      ? b.errors
          .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
          .map((e) => ({ path: text(e.path) ?? text(e.field) ?? '', message: text(e.message) ?? String(e.message ?? '') }))
      : [];
    return new ApiProblem({
      status: response.status,
      code: text(b.code) ?? `http.${response.status}`,
      title: text(b.title) ?? statusWords(response.status),
      detail: text(b.detail) ?? text(b.message) ?? '',
      hint: peopleHint(text(b.code) ?? '', text(b.hint)),
      errors,
      retryAfter,
    });
  }
  const plain = raw && raw.length < 300 && !raw.trimStart().startsWith('<') ? raw.trim() : '';
  return new ApiProblem({
    status: response.status,
    code: `http.${response.status}`,
    title: statusWords(response.status),
    detail: plain,
    retryAfter,
  });
}

/** Any thrown thing as a problem, so every error view has the same shape. */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof TypeError) {
    return new ApiProblem({ status: 0, code: 'network', title: 'The platform cannot be reached', detail: 'The platform cannot be reached; check your connection and try again.' });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiProblem({ status: 0, code: 'client', title: 'Something went wrong', detail: message });
}
