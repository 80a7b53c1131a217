import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { CronError, describeCron, nextRuns, parseCron } from '../lib/cron';
import { errorsByPath, initialDeployForm, validateDeploy, type DeployFormState, type FieldErrors } from '../lib/deployForm';
import { asProblem, type ApiProblem } from '../lib/problem';
import { navigate, queryString } from '../lib/router';
import { useResource } from '../lib/useResource';
import type { App, AppVersion, Deployment, Sensor } from '../lib/types';
import { ProblemView, Resource, StateBadge, When } from '../components/Status';
import { DeploymentTable } from './DashboardPage';

export default function AppPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const app = useResource((signal) => api.get<App>(`/api/apps/${encodeURIComponent(id)}`, { signal }), [id]);
  const deployments = useResource((signal) => api.get<Deployment[]>(`/api/deployments${queryString({ appId: id })}`, { signal }), [id], 4_000);
  return (
    <Resource state={app} what="Loading the app">
      {(a) => (
        <>
          <div className="page-head">
            <h1>{a.name}</h1>
            {a.description && <p>{a.description}</p>}
            <p className="muted">
              Owner {a.owner} · link access {a.access.toLowerCase()} · entry service {a.entryService ?? '—'} · created <When at={a.createdAt} />
            </p>
          </div>
          <Versions versions={a.versions} />
          <DeployForm app={a} onDeployed={(d) => navigate(`/deployments/${encodeURIComponent(d)}`)} />
          <section aria-labelledby="app-deployments">
            <h2 id="app-deployments">Deployments of {a.name}</h2>
            <DeploymentTable state={deployments} />
          </section>
          <DeleteApp id={a.id} />
        </>
      )}
    </Resource>
  );
}

function Versions({ versions }: { versions: AppVersion[] }) {
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Services</th>
              <th scope="col">Sensors wanted</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>
                  <StateBadge state={v.status} />
                </td>
                <td>{v.services.map((s) => `${s.name} (${s.runtime}${s.http ? ', http' : ''})`).join(', ')}</td>
                <td>{v.sensors.length === 0 ? '—' : v.sensors.map((s) => `${s.count} × ${s.type}${s.location ? ' @ ' + s.location : ''}`).join(', ')}</td>
                <td>{(v.size / 1024).toFixed(1)} KB</td>
                <td>
                  <When at={v.uploadedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CronPreview({ cron }: { cron: string }) {
  const preview = useMemo(() => {
    try {
      const parsed = parseCron(cron);
      return { text: describeCron(parsed), runs: nextRuns(parsed, new Date(), 5) };
    } catch (e) {
      return { error: e instanceof CronError ? e.message : String(e) };
    }
  }, [cron]);
  if ('error' in preview) return null;
  return (
    <div className="cron-preview" aria-live="polite" data-testid="cron-preview">
      <p>Runs {preview.text}.</p>
      {preview.runs.length === 0 ? (
        <p className="field-error">It never fires within five years.</p>
      ) : (
        <>
          <p className="muted small">Next runs (UTC, with your local time):</p>
          <ol>
            {preview.runs.map((r) => (
              <li key={r.getTime()}>
                <time dateTime={r.toISOString()}>{r.toISOString().replace('T', ' ').replace('.000Z', ' UTC')}</time> <span className="muted">({r.toLocaleString()})</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <small id={id} className="field-error" role="alert">
      {error}
    </small>
  ) : null;
}

function DeployForm({ app, onDeployed }: { app: App; onDeployed: (id: string) => void }) {
  const deployable = app.versions.filter((v) => v.status === 'VALIDATED');
  const [form, setForm] = useState<DeployFormState>(() => initialDeployForm(app.latestVersion ?? ''));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const version = deployable.find((v) => v.version === form.version) ?? deployable[deployable.length - 1];
  const services = version?.services ?? [];
  const set = (patch: Partial<DeployFormState>) => setForm((f) => ({ ...f, ...patch }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validateDeploy(form, services.map((s) => ({ name: s.name, min: s.instances.min, max: s.instances.max })));
    setErrors(checked.errors);
    setProblem(undefined);
    if (!checked.request) return;
    setBusy(true);
    try {
      const accepted = await api.post<{ id: string; status: string }>(`/api/apps/${encodeURIComponent(app.id)}/deployments`, checked.request);
      onDeployed(accepted.id);
    } catch (err) {
      const p = asProblem(err);
      setProblem(p);
      setErrors(errorsByPath(p.errors));
      setBusy(false);
    }
  }

  if (!version) return <p className="empty">No version of this app can be deployed yet.</p>;
  const cronError = form.scheduleType === 'cron' ? cronMessage(form.cron) : undefined;
  return (
    <section aria-labelledby="deploy-title" className="card">
      <h2 id="deploy-title">Deploy</h2>
      <form onSubmit={submit} noValidate className="deploy-form">
        <label>
          Version
          <select value={version.version} onChange={(e) => set({ version: e.target.value })} aria-describedby="err-version">
            {[...deployable].reverse().map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
        </label>
        <FieldError id="err-version" error={errors['/version']} />
        <fieldset>
          <legend>When</legend>
          {(['now', 'at', 'cron'] as const).map((t) => (
            <label key={t} className="inline">
              <input type="radio" name="schedule" value={t} checked={form.scheduleType === t} onChange={() => set({ scheduleType: t })} />
              {t === 'now' ? 'Now' : t === 'at' ? 'At a time' : 'Repeatedly (cron)'}
            </label>
          ))}
          {form.scheduleType === 'at' && (
            <>
              <label>
                Start at (your local time)
                <input type="datetime-local" value={form.at} onChange={(e) => set({ at: e.target.value })} aria-describedby="err-at" aria-invalid={!!errors['/schedule/at']} />
              </label>
              <FieldError id="err-at" error={errors['/schedule/at']} />
            </>
          )}
          {form.scheduleType === 'cron' && (
            <>
              <label>
                Cron expression (second minute hour day month weekday, UTC)
                <input value={form.cron} onChange={(e) => set({ cron: e.target.value })} aria-describedby="err-cron" aria-invalid={!!(errors['/schedule/cron'] || cronError)} spellCheck={false} />
              </label>
              <FieldError id="err-cron" error={errors['/schedule/cron'] ?? cronError} />
              <CronPreview cron={form.cron} />
            </>
          )}
        </fieldset>
        <label>
          Duration in minutes (empty: until stopped)
          <input inputMode="numeric" value={form.durationMinutes} onChange={(e) => set({ durationMinutes: e.target.value })} aria-describedby="err-duration" aria-invalid={!!errors['/durationMinutes']} />
        </label>
        <FieldError id="err-duration" error={errors['/durationMinutes']} />
        <fieldset>
          <legend>Instances per service</legend>
          {services.map((s) => (
            <div key={s.name}>
              <label>
                {s.name} ({s.instances.min}–{s.instances.max})
                <input
                  type="number"
                  min={1}
                  max={s.instances.max}
                  placeholder={String(s.instances.min)}
                  value={form.instances[s.name] ?? ''}
                  onChange={(e) => set({ instances: { ...form.instances, [s.name]: e.target.value } })}
                  aria-describedby={`err-inst-${s.name}`}
                  aria-invalid={!!errors[`/instances/${s.name}`]}
                />
              </label>
              <FieldError id={`err-inst-${s.name}`} error={errors[`/instances/${s.name}`]} />
            </div>
          ))}
        </fieldset>
        <SensorsToBind version={version} />
        {problem && <ProblemView problem={problem} />}
        <button type="submit" disabled={busy}>
          {busy ? 'Deploying…' : form.scheduleType === 'now' ? 'Deploy now' : 'Schedule'}
        </button>
      </form>
    </section>
  );
}

function cronMessage(cron: string): string | undefined {
  try {
    parseCron(cron);
    return undefined;
  } catch (e) {
    return e instanceof CronError && !e.unsupported ? e.message : undefined;
  }
}

/** Which of my sensors match what the app asks for (the platform binds the first matches). */
function SensorsToBind({ version }: { version: AppVersion }) {
  const wanted = version.sensors;
  const found = useResource(
    async (signal) =>
      Promise.all(wanted.map((w) => api.get<Sensor[]>(`/api/sensors${queryString({ type: w.type, location: w.location ?? undefined })}`, { signal }))),
    [version.version, wanted.length],
  );
  if (wanted.length === 0) return <p className="muted">This version asks for no sensors.</p>;
  return (
    <fieldset>
      <legend>Sensors that would be bound</legend>
      {found.error && <ProblemView problem={found.error} />}
      <ul>
        {wanted.map((w, i) => {
          const matches = found.data?.[i] ?? [];
          return (
            <li key={i}>
              {w.count} × <strong>{w.type}</strong>
              {w.location ? ` at ${w.location}` : ''} for {w.services.join(', ')}:{' '}
              {found.loading ? 'checking…' : matches.length >= w.count ? matches.slice(0, w.count).map((s) => s.id).join(', ') : <span className="field-error">only {matches.length} of yours match; the deployment will fail until you register more</span>}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function DeleteApp({ id }: { id: string }) {
  const [confirm, setConfirm] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  return (
    <section aria-labelledby="danger-title">
      <h2 id="danger-title">Delete</h2>
      {problem && <ProblemView problem={problem} />}
      {!confirm ? (
        <button type="button" className="secondary" onClick={() => setConfirm(true)}>
          Delete this app…
        </button>
      ) : (
        <p>
          Delete {id} and all its versions?{' '}
          <button
            type="button"
            className="danger"
            onClick={() =>
              api
                .del(`/api/apps/${encodeURIComponent(id)}`)
                .then(() => navigate('/'))
                .catch((e) => setProblem(asProblem(e)))
            }
          >
            Yes, delete
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirm(false)}>
            Keep it
          </button>
        </p>
      )}
    </section>
  );
}
