import { lazy, Suspense, useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { chartFields, rangeOf, RANGES, type RangeKey } from '../lib/chart';
import { asProblem, type ApiProblem } from '../lib/problem';
import { MAX_POINTS, useReadingWindow } from '../lib/readings';
import { navigate } from '../lib/router';
import { useResource } from '../lib/useResource';
import type { Command, Reading, Sensor, SensorType } from '../lib/types';
import { Empty, Loading, ProblemView, Resource, StateBadge, When } from '../components/Status';
import { CopyField } from '../components/CopyField';
import { ConfirmButton } from '../components/ConfirmButton';

// uPlot is only loaded once there is something to chart
const SensorChart = lazy(() => import('../components/SensorChart'));

/** One sensor: details, a live chart of its readings over a chosen time range, commands. */
export default function SensorPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const path = `/api/sensors/${encodeURIComponent(id)}`;
  const sensor = useResource((signal) => api.get<Sensor>(path, { signal }), [id]);
  return (
    <Resource state={sensor} what="Loading the sensor">
      {(s) => (
        <>
          <div className="page-head">
            <h1>Sensor {s.id}</h1>
            <p className="muted">
              {s.type} at {s.location} · owner {s.owner ?? '—'} · registered <When at={s.createdAt} />
            </p>
          </div>
          <Readings sensor={s} path={path} />
          <Commands path={path} />
          <Manage sensor={s} path={path} />
        </>
      )}
    </Resource>
  );
}

function Readings({ sensor, path }: { sensor: Sensor; path: string }) {
  const [range, setRange] = useState<RangeKey>('1h');
  const readings = useReadingWindow<Reading>(path, range);
  // units come from the sensor's type; without it the chart still draws, unitless
  const type = useResource((signal) => api.get<SensorType>(`/api/sensor-types/${encodeURIComponent(sensor.type)}`, { signal }).catch(() => undefined), [sensor.type]);
  const label = rangeOf(range).label;
  return (
    <section aria-labelledby="readings-title">
      <h2 id="readings-title">Readings</h2>
      <p className="muted small live">Live: new readings are added every 2 s</p>
      <fieldset className="choice">
        <legend>Time range</legend>
        {RANGES.map((r) => (
          <label key={r.key} className="inline">
            <input type="radio" name="range" value={r.key} checked={range === r.key} onChange={() => setRange(r.key)} /> last {r.label}
          </label>
        ))}
      </fieldset>
      <Resource state={readings} what="Loading readings" empty={(w) => w.readings.length === 0 && `No readings in the last ${label}. Send some with the sensor key, run iotp simulate, or choose a longer range.`}>
        {(w) => {
          const fields = chartFields(w.readings, type.data?.fields);
          const latest = w.readings[w.readings.length - 1];
          return (
            <>
              {fields.length > 0 ? (
                <Suspense fallback={<Loading what="Loading the chart" />}>
                  <SensorChart readings={w.readings} fields={fields} from={w.from} to={w.to} title={`Readings of ${sensor.id} in the last ${label}`} />
                </Suspense>
              ) : (
                <Empty>The readings have no numeric values to chart.</Empty>
              )}
              {w.truncated && <p className="muted small">The range holds more readings than the chart draws: the newest {MAX_POINTS} are shown.</p>}
              <p>
                Latest: <When at={latest.ts} /> <code>{JSON.stringify(latest.values)}</code>
              </p>
            </>
          );
        }}
      </Resource>
    </section>
  );
}

function Commands({ path }: { path: string }) {
  const [name, setName] = useState('');
  const [args, setArgs] = useState('');
  const [argsError, setArgsError] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [sent, setSent] = useState<string[]>([]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    let parsed: unknown = undefined;
    if (args.trim()) {
      try {
        parsed = JSON.parse(args);
        setArgsError('');
      } catch {
        setArgsError('Arguments must be JSON, e.g. {"level": 2}.');
        return;
      }
    }
    try {
      const c = await api.post<Command>(`${path}/commands`, parsed === undefined ? { name } : { name, args: parsed });
      setSent((old) => [c.id, ...old].slice(0, 5));
    } catch (err) {
      setProblem(asProblem(err));
    }
  }
  return (
    <section aria-labelledby="commands-title" className="card">
      <h2 id="commands-title">Send a command</h2>
      <form onSubmit={submit} className="row-form">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="e.g. open-vent" />
        </label>
        <label className="grow">
          Arguments (JSON, optional)
          <input value={args} onChange={(e) => setArgs(e.target.value)} aria-invalid={!!argsError} aria-describedby="args-error" spellCheck={false} />
        </label>
        <button type="submit">Send</button>
      </form>
      {argsError && (
        <small id="args-error" className="field-error" role="alert">
          {argsError}
        </small>
      )}
      {problem && <ProblemView problem={problem} />}
      {sent.length > 0 && (
        <ul className="commands">
          {sent.map((c) => (
            <CommandState key={c} path={`${path}/commands/${encodeURIComponent(c)}`} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CommandState({ path }: { path: string }) {
  const [done, setDone] = useState(false);
  const command = useResource(
    async (signal) => {
      const c = await api.get<Command>(path, { signal });
      setDone(['ACKED', 'EXPIRED', 'FAILED'].includes(c.status));
      return c;
    },
    [path],
    done ? false : 2_000,
  );
  const c = command.data;
  return (
    <li>
      {c ? (
        <>
          <code>{c.name}</code> {c.id} <StateBadge state={c.status} /> {c.ackedAt ? <>acknowledged <When at={c.ackedAt} /></> : c.deliveredAt ? <>delivered <When at={c.deliveredAt} /></> : null}
          {c.result !== undefined && c.result !== null && <code> → {JSON.stringify(c.result)}</code>}
        </>
      ) : command.error ? (
        <ProblemView problem={command.error} />
      ) : (
        'sending…'
      )}
    </li>
  );
}

function Manage({ sensor, path }: { sensor: Sensor; path: string }) {
  const [key, setKey] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [confirm, setConfirm] = useState(false);
  return (
    <section aria-labelledby="manage-title">
      <h2 id="manage-title">Key and removal</h2>
      {problem && <ProblemView problem={problem} />}
      <div className="actions">
        <ConfirmButton
          className="secondary"
          label="Issue a new key…"
          question={`The current key of ${sensor.id} stops working at once: devices sending with it are refused until they have the new one.`}
          confirmLabel="Yes, issue a new key"
          cancelLabel="Keep the current key"
          onConfirm={() =>
            api
              .post<{ apiKey: string }>(`${path}/key`)
              .then((k) => setKey(k.apiKey))
              .catch((e) => setProblem(asProblem(e)))
          }
        />
        {!confirm ? (
          <button type="button" className="secondary" onClick={() => setConfirm(true)}>
            Delete this sensor…
          </button>
        ) : (
          <button
            type="button"
            className="danger"
            onClick={() =>
              api
                .del(path)
                .then(() => navigate('/sensors'))
                .catch((e) => setProblem(asProblem(e)))
            }
          >
            Yes, delete {sensor.id}
          </button>
        )}
      </div>
      {key && (
        <div className="success" role="status">
          <p>The old key no longer works. The new key is shown only this once:</p>
          <CopyField label="New API key" value={key} />
        </div>
      )}
    </section>
  );
}
