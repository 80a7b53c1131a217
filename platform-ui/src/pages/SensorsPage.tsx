import { useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { LOADING, useLatestReadings, useNow, type Latest } from '../lib/latestReadings';
import { asProblem, type ApiProblem } from '../lib/problem';
import { Link } from '../lib/router';
import { lastSeen, statusOf, valueSummary, type SensorStatus } from '../lib/sensorStatus';
import { useResource } from '../lib/useResource';
import type { FieldInfo } from '../lib/chart';
import type { Sensor, SensorField, SensorType } from '../lib/types';
import { ProblemView, Resource } from '../components/Status';
import { CopyField } from '../components/CopyField';

/** Sensor types (shared) and my sensors; registering one shows its key once. */
export default function SensorsPage() {
  const types = useResource((signal) => api.get<SensorType[]>('/api/sensor-types', { signal }), []);
  const sensors = useResource((signal) => api.get<Sensor[]>('/api/sensors', { signal }), []);
  return (
    <>
      <h1>Sensors</h1>
      <section aria-labelledby="my-sensors">
        <h2 id="my-sensors">My sensors</h2>
        <Resource state={sensors} what="Loading sensors" empty={(l) => l.length === 0 && 'No sensors yet. Register one below.'}>
          {(list) => <SensorTable sensors={list} types={types.data ?? []} />}
        </Resource>
      </section>
      <RegisterSensor types={types.data ?? []} onDone={sensors.reload} />
      <section aria-labelledby="types-title">
        <h2 id="types-title">Sensor types</h2>
        <Resource state={types} what="Loading sensor types" empty={(l) => l.length === 0 && 'No sensor types yet. Create one below.'}>
          {(list) => (
            <ul className="types">
              {list.map((t) => (
                <li key={t.name}>
                  <strong>{t.name}</strong>
                  {t.description && <span className="muted"> — {t.description}</span>}:{' '}
                  {t.fields.map((f) => `${f.name} (${f.type}${f.unit ? ', ' + f.unit : ''}${f.min != null || f.max != null ? `, ${f.min ?? ''}…${f.max ?? ''}` : ''})`).join('; ')}
                </li>
              ))}
            </ul>
          )}
        </Resource>
        <CreateType onDone={types.reload} />
      </section>
    </>
  );
}

/**
 * My sensors with when each was last heard from, what it said and whether it still reports. The
 * readings fill in as they arrive; the list itself never waits for them.
 */
function SensorTable({ sensors, types }: { sensors: Sensor[]; types: SensorType[] }) {
  const latest = useLatestReadings(sensors.map((s) => s.id));
  const now = useNow(5_000);
  const fieldsOf = (type: string) => types.find((t) => t.name === type)?.fields;
  return (
    <div className="table-wrap">
      <table className="sensors">
        <thead>
          <tr>
            <th scope="col">Sensor</th>
            <th scope="col">Type</th>
            <th scope="col">Location</th>
            <th scope="col">Owner</th>
            <th scope="col" className="latest-col">
              Last seen
            </th>
            <th scope="col" className="latest-col">
              Latest value
            </th>
            <th scope="col" className="latest-col">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {sensors.map((s) => {
            const l = latest[s.id] ?? LOADING;
            return (
              <tr key={s.id}>
                <td>
                  <Link to={`/sensors/${encodeURIComponent(s.id)}`}>{s.id}</Link>
                  <FoldedLatest latest={l} now={now} fields={fieldsOf(s.type)} />
                </td>
                <td>{s.type}</td>
                <td>{s.location}</td>
                <td>{s.owner ?? '—'}</td>
                <td className="latest-col" data-testid="last-seen">
                  <LastSeen latest={l} now={now} />
                </td>
                <td className="latest-col" data-testid="latest-value">
                  <LatestValue latest={l} fields={fieldsOf(s.type)} />
                </td>
                <td className="latest-col" data-testid="sensor-status">
                  <StatusBadge latest={l} now={now} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** On a phone the three columns are hidden and this shows under the sensor's name instead (hidden otherwise). */
function FoldedLatest({ latest, now, fields }: { latest: Latest; now: number; fields?: FieldInfo[] }) {
  return (
    <div className="latest-inline small">
      <StatusBadge latest={latest} now={now} /> <LastSeen latest={latest} now={now} />
      {latest.kind === 'reading' && <LatestValue latest={latest} fields={fields} />}
    </div>
  );
}

function Pending() {
  return (
    <span className="muted">
      …<span className="visually-hidden"> loading</span>
    </span>
  );
}

function LastSeen({ latest, now }: { latest: Latest; now: number }) {
  if (latest.kind === 'loading') return <Pending />;
  if (latest.kind === 'unknown') return <span className="muted">unknown</span>;
  if (latest.kind === 'none') return <span className="muted">never</span>;
  const { ts } = latest.reading;
  return (
    <time dateTime={ts} title={ts}>
      {lastSeen(ts, now)}
    </time>
  );
}

function LatestValue({ latest, fields }: { latest: Latest; fields?: FieldInfo[] }) {
  if (latest.kind === 'loading') return <Pending />;
  if (latest.kind !== 'reading') return <span className="muted">—</span>;
  return <span className="latest-value">{valueSummary(latest.reading.values, fields ?? [])}</span>;
}

const STATUS_TONES: Record<SensorStatus | 'unknown', string> = { reporting: 'ok', quiet: 'warn', 'no readings': 'idle', unknown: 'idle' };

/** The status in words, coloured too; the words carry it for anyone who cannot tell the colours apart. */
function StatusBadge({ latest, now }: { latest: Latest; now: number }) {
  if (latest.kind === 'loading') return <Pending />;
  const status = latest.kind === 'unknown' ? 'unknown' : statusOf(latest.kind === 'reading' ? latest.reading.ts : null, now);
  return <span className={`badge ${STATUS_TONES[status]}`}>{status}</span>;
}

function RegisterSensor({ types, onDone }: { types: SensorType[]; onDone: () => void }) {
  const [id, setId] = useState('');
  const [type, setType] = useState('');
  const [location, setLocation] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [created, setCreated] = useState<Sensor>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setCreated(undefined);
    try {
      const body: Record<string, string> = { type: type || types[0]?.name || '', location };
      if (id.trim()) body.id = id.trim();
      setCreated(await api.post<Sensor>('/api/sensors', body));
      setId('');
      onDone();
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="register-title" className="card">
      <h2 id="register-title">Register a sensor</h2>
      <form onSubmit={submit} className="row-form">
        <label>
          Id (optional)
          <input value={id} onChange={(e) => setId(e.target.value)} placeholder="generated when empty" pattern="[a-z0-9][a-z0-9-]{2,62}" />
        </label>
        <label>
          Type
          <select value={type || types[0]?.name || ''} onChange={(e) => setType(e.target.value)} required>
            {types.length === 0 && <option value="">create a type first</option>}
            {types.map((t) => (
              <option key={t.name}>{t.name}</option>
            ))}
          </select>
        </label>
        <label>
          Location
          <input value={location} onChange={(e) => setLocation(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy || types.length === 0}>
          Register
        </button>
      </form>
      {problem && <ProblemView problem={problem} />}
      {created?.apiKey && (
        <div className="success" role="status" data-testid="sensor-key">
          <p>
            Sensor <Link to={`/sensors/${encodeURIComponent(created.id)}`}>{created.id}</Link> registered. Its API key is shown <strong>only this once</strong>: copy it now
            into the device (header <code>X-Sensor-Key</code>, or the MQTT password).
          </p>
          <CopyField label="API key" value={created.apiKey} />
        </div>
      )}
    </section>
  );
}

const FIELD_TYPES: SensorField['type'][] = ['number', 'integer', 'boolean', 'string'];

function CreateType({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [fields, setFields] = useState<{ name: string; type: SensorField['type']; unit: string; min: string; max: string }[]>([{ name: 'value', type: 'number', unit: '', min: '', max: '' }]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post('/api/sensor-types', {
        name,
        ...(description ? { description } : {}),
        fields: fields.map((f) => ({
          name: f.name,
          type: f.type,
          ...(f.unit ? { unit: f.unit } : {}),
          ...(f.min !== '' ? { min: Number(f.min) } : {}),
          ...(f.max !== '' ? { max: Number(f.max) } : {}),
        })),
      });
      setName('');
      setDescription('');
      onDone();
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  }
  const update = (i: number, patch: Partial<(typeof fields)[number]>) => setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <form onSubmit={submit} className="card" aria-labelledby="create-type-title">
      <h3 id="create-type-title">Create a sensor type</h3>
      <div className="row-form">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label className="grow">
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>Fields</legend>
        {fields.map((f, i) => (
          <div className="row-form" key={i}>
            <label>
              Field name
              <input value={f.name} onChange={(e) => update(i, { name: e.target.value })} required />
            </label>
            <label>
              Type
              <select value={f.type} onChange={(e) => update(i, { type: e.target.value as SensorField['type'] })}>
                {FIELD_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Unit
              <input value={f.unit} onChange={(e) => update(i, { unit: e.target.value })} size={6} />
            </label>
            <label>
              Min
              <input value={f.min} onChange={(e) => update(i, { min: e.target.value })} inputMode="decimal" size={6} />
            </label>
            <label>
              Max
              <input value={f.max} onChange={(e) => update(i, { max: e.target.value })} inputMode="decimal" size={6} />
            </label>
            {fields.length > 1 && (
              <button type="button" className="secondary" onClick={() => setFields(fields.filter((_, j) => j !== i))} aria-label={`Remove field ${f.name || i + 1}`}>
                Remove
              </button>
            )}
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setFields([...fields, { name: '', type: 'number', unit: '', min: '', max: '' }])}>
          Add a field
        </button>
      </fieldset>
      {problem && <ProblemView problem={problem} />}
      <button type="submit" disabled={busy}>
        Create type
      </button>
    </form>
  );
}
