import type { ReactNode } from 'react';
import type { ApiProblem } from '../lib/problem';

/** Loading, empty and error states, the same everywhere. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ProblemView({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  return (
    <div className="problem" role="alert">
      <strong>{problem.title && problem.detail && problem.title !== problem.detail ? problem.title : 'Something went wrong'}</strong>
      <p>{problem.summary}</p>
      {problem.hint && <p className="hint">{problem.hint}</p>}
      {problem.retryAfter && <p className="hint">Try again in {problem.retryAfter} s.</p>}
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              {e.path && <code>{e.path}</code>} {e.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Renders loading, error, empty or the content of a resource. */
export function Resource<T>(props: {
  state: { data?: T; error?: ApiProblem; loading: boolean; reload: () => void };
  what?: string;
  empty?: (data: T) => ReactNode | false;
  children: (data: T) => ReactNode;
}) {
  const { data, error, loading, reload } = props.state;
  if (data === undefined) {
    if (error) return <ProblemView problem={error} onRetry={reload} />;
    if (loading) return <Loading what={props.what} />;
    return null;
  }
  const empty = props.empty?.(data);
  return (
    <>
      {error && <ProblemView problem={error} onRetry={reload} />}
      {empty ? <Empty>{empty}</Empty> : props.children(data)}
    </>
  );
}

const TONES: Record<string, string> = {
  RUNNING: 'ok', HEALTHY: 'ok', UP: 'ok', VALIDATED: 'ok', ACKED: 'ok', RESOLVED: 'ok',
  SCHEDULED: 'info', INFO: 'info', DEPLOYING: 'info', STARTING: 'info', PENDING: 'info', DELIVERED: 'info', UPLOADED: 'info', DEGRADED: 'warn',
  STOPPING: 'warn', SUSPECT: 'warn', UNHEALTHY: 'warn', DRAINING: 'warn', MAINTENANCE: 'warn', WARN: 'warn', WARNING: 'warn', EXPIRED: 'warn', OPEN: 'warn',
  FAILED: 'bad', DOWN: 'bad', LOST: 'bad', REJECTED: 'bad', ERROR: 'bad', CRITICAL: 'bad',
  STOPPED: 'idle', CANCELLED: 'idle',
};

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge ${TONES[state] ?? 'idle'}`}>{state}</span>;
}

export function When({ at }: { at?: string | null }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return <time dateTime={at} title={d.toISOString()}>{d.toLocaleString()}</time>;
}
