import { useState } from 'react';
import { api } from '../lib/api';
import { asProblem, type ApiProblem } from '../lib/problem';
import { queryString } from '../lib/router';
import { useResource } from '../lib/useResource';
import type { Alert, Component, Health } from '../lib/types';
import { ProblemView, Resource, StateBadge, When } from '../components/Status';

const KIND_ORDER = ['INFRASTRUCTURE', 'SERVICE', 'NODE_AGENT', 'NODE', 'INSTANCE'];

/** Platform health at a glance, every component with its state, and alerts; all live. */
export default function AdminHealthPage() {
  const health = useResource((signal) => api.get<Health>('/api/monitoring/health', { signal }), [], 3_000);
  const components = useResource((signal) => api.get<Component[]>('/api/monitoring/components', { signal }), [], 3_000);
  const [openOnly, setOpenOnly] = useState(true);
  const alerts = useResource((signal) => api.get<Alert[]>(`/api/monitoring/alerts${queryString({ open: openOnly ? 'true' : undefined, limit: 100 })}`, { signal }), [openOnly], 5_000);
  return (
    <>
      <h1>Platform health</h1>
      <p className="muted small live">Live: refreshed every 3 s</p>
      <Resource state={health} what="Loading health">
        {(h) => (
          <div className="health-summary" data-testid="health">
            <StateBadge state={h.status} /> {h.openAlerts} open alert{h.openAlerts === 1 ? '' : 's'} · as of <When at={h.at} />
            <ul className="counts">
              {Object.entries(h.counts).map(([kind, states]) => (
                <li key={kind}>
                  <strong>{kind}</strong>: {Object.entries(states).map(([s, n]) => `${n} ${s}`).join(', ')}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Resource>
      <section aria-labelledby="components-title">
        <h2 id="components-title">Components</h2>
        <Resource state={components} what="Loading components" empty={(l) => l.length === 0 && 'No component has reported yet.'}>
          {(list) => (
            <div className="table-wrap">
              <table data-testid="components">
                <thead>
                  <tr>
                    <th scope="col">Component</th>
                    <th scope="col">Kind</th>
                    <th scope="col">State</th>
                    <th scope="col">Since</th>
                    <th scope="col">Last seen</th>
                    <th scope="col">Where</th>
                  </tr>
                </thead>
                <tbody>
                  {[...list]
                    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id))
                    .map((c) => (
                      <tr key={c.id}>
                        <td>
                          {c.id}
                          {c.reason && <div className="muted small">{c.reason}</div>}
                        </td>
                        <td>{c.kind}</td>
                        <td>
                          <StateBadge state={c.state} />
                        </td>
                        <td>
                          <When at={c.since} />
                        </td>
                        <td>
                          <When at={c.lastSeen} />
                        </td>
                        <td>{[c.host, c.pid ? `pid ${c.pid}` : null, c.nodeId, c.app && `${c.app}/${c.service ?? ''}`].filter(Boolean).join(' · ') || '—'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </Resource>
      </section>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">Alerts</h2>
        <label className="inline">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Open alerts only
        </label>
        <Resource state={alerts} what="Loading alerts" empty={(l) => l.length === 0 && (openOnly ? 'No open alerts.' : 'No alerts.')}>
          {(list) => (
            <ul className="alerts">
              {list.map((a) => (
                <AlertItem key={a.id} alert={a} onChange={alerts.reload} />
              ))}
            </ul>
          )}
        </Resource>
      </section>
    </>
  );
}

function AlertItem({ alert, onChange }: { alert: Alert; onChange: () => void }) {
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  return (
    <li className={`alert ${alert.severity}`}>
      <StateBadge state={alert.severity} /> <strong>{alert.subject}</strong> {alert.message}
      <div className="muted small">
        {alert.kind} · raised <When at={alert.raisedAt} />
        {alert.resolvedAt && (
          <>
            {' '}
            · resolved <When at={alert.resolvedAt} />
          </>
        )}
        {alert.acknowledgedAt && (
          <>
            {' '}
            · acknowledged by {alert.acknowledgedBy} <When at={alert.acknowledgedAt} />
          </>
        )}
      </div>
      {!alert.acknowledgedAt && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            api
              .post(`/api/monitoring/alerts/${encodeURIComponent(alert.id)}/ack`)
              .then(onChange)
              .catch((e) => setProblem(asProblem(e)))
              .finally(() => setBusy(false));
          }}
        >
          Acknowledge
        </button>
      )}
      {problem && <ProblemView problem={problem} />}
    </li>
  );
}
