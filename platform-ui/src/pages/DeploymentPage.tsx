import { useState } from 'react';
import { api } from '../lib/api';
import { asProblem, type ApiProblem } from '../lib/problem';
import { Link, queryString } from '../lib/router';
import { useResource } from '../lib/useResource';
import { FINAL_DEPLOYMENT_STATES, type Deployment } from '../lib/types';
import { ProblemView, Resource, StateBadge, When } from '../components/Status';
import { appHref } from './DashboardPage';
import { ConfirmButton } from '../components/ConfirmButton';

/** A deployment, polled every 2 s until it is over: timeline, link, instances, stop. */
export default function DeploymentPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const [final, setFinal] = useState(false);
  const deployment = useResource(
    async (signal) => {
      const d = await api.get<Deployment>(`/api/deployments/${encodeURIComponent(id)}`, { signal });
      setFinal(FINAL_DEPLOYMENT_STATES.includes(d.status));
      return d;
    },
    [id],
    final ? false : 2_000,
  );
  const [stopping, setStopping] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();

  async function stop() {
    setStopping(true);
    setProblem(undefined);
    try {
      await api.del(`/api/deployments/${encodeURIComponent(id)}`);
      deployment.reload();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setStopping(false);
    }
  }

  return (
    <Resource state={deployment} what="Loading the deployment">
      {(d) => (
        <>
          <div className="page-head">
            <h1>
              Deployment {d.id} <StateBadge state={d.status} />
            </h1>
            <p>
              <Link to={`/app/${encodeURIComponent(d.appId)}`}>{d.appId}</Link> version {d.version} · {scheduleText(d)} · {d.durationMinutes ? `runs for ${d.durationMinutes} min` : 'runs until stopped'} · {d.runs} run{d.runs === 1 ? '' : 's'}
            </p>
            {d.reason && <p className={d.status === 'FAILED' ? 'field-error' : 'muted'}>{d.reason}{d.errorCode ? ` (${d.errorCode})` : ''}</p>}
            <div className="actions">
              {d.url && (
                <a className="button" href={appHref(d.url)} target="_blank" rel="noopener" data-testid="app-link">
                  Open the app: {appHref(d.url)}
                </a>
              )}
              <Link className="button secondary" to={`/logs${queryString({ deployment: d.id })}`}>
                Logs of this deployment
              </Link>
              {!FINAL_DEPLOYMENT_STATES.includes(d.status) && d.status !== 'STOPPING' && (
                <ConfirmButton
                  label={stopping ? 'Stopping…' : 'Stop'}
                  question={`Stop ${d.appId}? Its ${d.instances.length === 1 ? 'instance stops' : `${d.instances.length} instances stop`} and its link stops answering.`}
                  confirmLabel="Yes, stop it"
                  cancelLabel="Keep it running"
                  onConfirm={stop}
                  disabled={stopping}
                />
              )}
            </div>
            {!final && <p className="muted small live" aria-hidden="true">Live: refreshed every 2 s</p>}
          </div>
          {problem && <ProblemView problem={problem} />}
          <section aria-labelledby="instances-title">
            <h2 id="instances-title">Instances</h2>
            {d.instances.length === 0 ? (
              <p className="empty">No instances {FINAL_DEPLOYMENT_STATES.includes(d.status) ? 'any more' : 'yet'}.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Instance</th>
                      <th scope="col">Service</th>
                      <th scope="col">Node</th>
                      <th scope="col">State</th>
                      <th scope="col">Runtime</th>
                      <th scope="col">Endpoint</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.instances.map((i) => (
                      <tr key={i.id}>
                        <td>
                          <Link to={`/logs${queryString({ instance: i.id })}`} title="Logs of this instance">
                            {i.id}
                          </Link>
                        </td>
                        <td>{i.service}</td>
                        <td>{i.node ?? '—'}</td>
                        <td>
                          <StateBadge state={i.state} />
                        </td>
                        <td>{i.runtime ?? '—'}</td>
                        <td>{i.endpoint ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <ol className="timeline">
              {d.history.map((h, i) => (
                <li key={i}>
                  <StateBadge state={h.status} /> <When at={h.at} />
                  {h.reason && <div className="muted small">{h.reason}</div>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </Resource>
  );
}

function scheduleText(d: Deployment): string {
  const s = d.schedule;
  if (s.type === 'cron' || s.type === 'CRON') return `cron ${s.cron}${s.zone ? ' ' + s.zone : ' UTC'}${s.nextRunAt ? ', next run ' + new Date(s.nextRunAt).toLocaleString() : ''}`;
  if (s.type === 'at' || s.type === 'AT') return `at ${s.at ? new Date(s.at).toLocaleString() : '?'}`;
  return 'started now';
}
