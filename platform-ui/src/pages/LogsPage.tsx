import { useEffect, useLayoutEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { atBottom, EMPTY_TAIL, tailReducer, waitingCount } from '../lib/logTail';
import { asProblem, type ApiProblem } from '../lib/problem';
import { navigate, queryString, useLocation } from '../lib/router';
import { readSse } from '../lib/sse';
import type { LogEntry, Page } from '../lib/types';
import { Empty, Loading, ProblemView } from '../components/Status';

const FILTERS = ['app', 'deployment', 'instance', 'source', 'level', 'q', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
// INFO and above unless asked: an app's DEBUG lines include the agent's health probes, every second
const LEVELS = ['ALL', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const DEFAULT_LEVEL = 'INFO';
const MAX_LIVE = 1000;
type Jump = { to: 'end' | 'start'; n: number };
const tail = tailReducer(MAX_LIVE);

/** Logs with filters in the address (deep links), pages, live tail over fetch-read SSE with pause, download. */
export default function LogsPage() {
  const { query } = useLocation();
  const filters: Filters = {};
  FILTERS.forEach((f) => {
    const v = query.get(f);
    if (v) filters[f] = v;
  });
  if (!filters.level) filters.level = DEFAULT_LEVEL;
  const key = queryString(filters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [list, dispatch] = useReducer(tail, EMPTY_TAIL);
  // where the list's box scrolls after a change the reader asked for: a fresh load or a resume
  // shows the newest line, a page of older entries the oldest
  const [jump, setJump] = useState<Jump>({ to: 'end', n: 0 });
  const jumpTo = (to: Jump['to']) => setJump((j) => ({ to, n: j.n + 1 }));
  const [next, setNext] = useState<string | null>();
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<ApiProblem>();
  const [live, setLive] = useState(false);
  const [liveState, setLiveState] = useState('');
  const liveRef = useRef<AbortController>(undefined);

  const params = (extra: Record<string, string | undefined> = {}) => {
    const p: Record<string, string | undefined> = { ...filters, ...extra };
    if (p.level === 'ALL') delete p.level;
    for (const t of ['from', 'to'] as const) if (p[t]) p[t] = new Date(p[t]!).toISOString();
    return queryString(p);
  };

  async function load(cursor?: string) {
    setLoading(true);
    setProblem(undefined);
    try {
      const page = await api.get<Page<LogEntry>>(`/api/logs${params({ limit: '100', cursor })}`);
      dispatch(cursor ? { type: 'older', newestFirst: page.items } : { type: 'loaded', newestFirst: page.items });
      jumpTo(cursor ? 'start' : 'end');
      setNext(page.next ?? null);
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setDraft(filters);
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (!live) {
      dispatch({ type: 'resume' });
      setLiveState('');
      return;
    }
    const controller = new AbortController();
    liveRef.current = controller;
    const { from: _f, to: _t, ...tailFilters } = filters;
    if (tailFilters.level === 'ALL') delete tailFilters.level;
    setLiveState('connecting');
    (async () => {
      try {
        const response = await api.send('GET', `/api/logs/stream${queryString(tailFilters)}`, undefined, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
        setLiveState('live');
        await readSse(
          response,
          (event) => {
            if (event.event === 'log') {
              dispatch({ type: 'arrived', entry: JSON.parse(event.data) as LogEntry });
            } else if (event.event === 'dropped') {
              setLiveState(`live (${JSON.parse(event.data).dropped} entries dropped: too fast to show)`);
            }
          },
          controller.signal,
        );
        if (!controller.signal.aborted) setLiveState('ended by the server; switch live tail on again to resume');
      } catch (e) {
        if (!controller.signal.aborted) {
          setProblem(asProblem(e));
          setLiveState('');
          setLive(false);
        }
      }
    })();
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, key]);

  function apply(e: FormEvent) {
    e.preventDefault();
    navigate(`/logs${queryString(draft)}`);
  }

  function pauseOrResume() {
    if (list.paused) {
      dispatch({ type: 'resume' });
      jumpTo('end');
    } else {
      dispatch({ type: 'pause' });
    }
  }

  async function download() {
    try {
      await api.download(`/api/logs/download${params({ format: 'text' })}`, 'logs.log');
    } catch (e) {
      setProblem(asProblem(e));
    }
  }

  return (
    <>
      <h1>Logs</h1>
      <form className="filters" onSubmit={apply} aria-label="Log filters">
        {(['app', 'deployment', 'instance', 'source'] as const).map((f) => (
          <label key={f}>
            {f[0].toUpperCase() + f.slice(1)}
            <input name={f} value={draft[f] ?? ''} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} />
          </label>
        ))}
        <label>
          Level
          <select name="level" value={draft.level ?? ''} onChange={(e) => setDraft({ ...draft, level: e.target.value })}>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === 'ALL' ? 'all levels' : `${l} and above`}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" name="from" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="datetime-local" name="to" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <label className="grow">
          Search
          <input type="search" name="q" value={draft.q ?? ''} onChange={(e) => setDraft({ ...draft, q: e.target.value })} placeholder="text in the message" />
        </label>
        <div className="actions">
          <button type="submit">Apply</button>
          <button type="button" className="secondary" onClick={() => navigate('/logs')}>
            Clear
          </button>
          <label className="inline toggle">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live tail
          </label>
          {live && <PauseButton paused={list.paused} waiting={waitingCount(list)} onClick={pauseOrResume} />}
          <button type="button" className="secondary" onClick={download}>
            Download
          </button>
        </div>
      </form>
      {liveState && (
        <p className="muted small" role="status">
          Live tail: {liveState}
          {live && list.paused && ' · paused'}
        </p>
      )}
      {problem && <ProblemView problem={problem} onRetry={() => load()} />}
      {next && list.lines.length > 0 && (
        <button type="button" className="secondary" onClick={() => load(next)} disabled={loading}>
          {loading ? 'Loading…' : 'Older entries'}
        </button>
      )}
      {loading && list.lines.length === 0 ? (
        <Loading what="Loading logs" />
      ) : list.lines.length === 0 && !problem ? (
        <Empty>No log entries match{key ? ' these filters' : ''}.</Empty>
      ) : (
        <LogView lines={list.lines} jump={jump} />
      )}
    </>
  );
}

function PauseButton({ paused, waiting, onClick }: { paused: boolean; waiting: number; onClick: () => void }) {
  return (
    <button type="button" className="secondary" onClick={onClick} data-testid="tail-pause">
      {paused ? `Resume (${waiting} new line${waiting === 1 ? '' : 's'} waiting)` : 'Pause'}
    </button>
  );
}

/**
 * The entries, oldest at the top, in a box of their own that keeps the newest line in view while it
 * is scrolled to its end, like a terminal; scrolled up, it stays where the reader is.
 */
function LogView({ lines, jump }: { lines: LogEntry[]; jump: Jump }) {
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    following.current = jump.to === 'end';
    if (jump.to === 'start' && box.current) box.current.scrollTop = 0;
  }, [jump]);
  useLayoutEffect(() => {
    if (following.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, jump]);
  return (
    // focusable so the keyboard can scroll it
    <div className="log-view" ref={box} tabIndex={0} role="region" aria-label="Log entries, newest at the bottom" onScroll={(e) => (following.current = atBottom(e.currentTarget))} data-testid="log-view">
      <ol className="logs" data-testid="log-entries">
        {lines.map((l) => (
          <li key={l.id} className={`log ${l.level}`}>
            <time dateTime={l.time}>{new Date(l.time).toLocaleTimeString()}</time> <span className={`lvl ${l.level}`}>{l.level}</span>{' '}
            <span className="src">{[l.source, l.app, l.service, l.instance].filter(Boolean).join(' · ')}</span> <span className="msg">{l.message}</span>
            {l.stackTrace && (
              <details>
                <summary>stack trace</summary>
                <pre>{l.stackTrace}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
