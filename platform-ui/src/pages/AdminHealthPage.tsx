import { alertHref, alertsQuery, componentAnchor, newestFirst } from '../lib/alerts';
import { api } from '../lib/api';
import { Link, useHashTarget } from '../lib/router';
import { useResource } from '../lib/useResource';
import type { Alert, Component, Health } from '../lib/types';
import { AlertSubject } from '../components/AlertSubject';
import { Resource, StateBadge, When } from '../components/Status';

const KIND_ORDER = ['INFRASTRUCTURE', 'SERVICE', 'NODE_AGENT', 'NODE', 'INSTANCE'];
const OPEN_ALERTS_SHOWN = 20;

/** Platform health at a glance, every component with its state, and the open alerts; all live. */
export default function AdminHealthPage() {
  const health = useResource((signal) => api.get<Health>('/api/monitoring/health', { signal }), [], 3_000);
  const components = useResource((signal) => api.get<Component[]>('/api/monitoring/components', { signal }), [], 3_000);
  const alerts = useResource((signal) => api.get<Alert[]>(alertsQuery('open', OPEN_ALERTS_SHOWN), { signal }), [], 5_000);
  const target = useHashTarget(components.data !== undefined);
  return (
    <>
      <h1>Platform health</h1>
      <p className="muted small live">Live: refreshed every 3 s</p>
      <Resource state={health} what="Loading health">
        {(h) => (
          <div className="health-summary" data-testid="health">
            <StateBadge state={h.status} /> {h.openAlerts} open alert{h.openAlerts === 1 ? '' : 's'} not acknowledged · as of <When at={h.at} />
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
                      <tr key={c.id} id={componentAnchor(c.id)} className={componentAnchor(c.id) === target ? 'target' : undefined}>
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
        <h2 id="alerts-title">Open alerts</h2>
        <p>
          <Link to="/admin/alerts">All alerts</Link>, resolved ones too, and acknowledging them.
        </p>
        <Resource state={alerts} what="Loading alerts" empty={(l) => l.length === 0 && 'No open alerts.'}>
          {(list) => (
            <>
              <ul className="alerts" data-testid="open-alerts">
                {newestFirst(list).map((a) => (
                  <li key={a.id} className={`alert ${a.severity}`}>
                    <StateBadge state={a.severity} /> <AlertSubject alert={a} /> {a.message}
                    <div className="muted small">
                      <Link to={alertHref(a.id)}>{a.id}</Link> · {a.kind} · raised <When at={a.raisedAt} />
                      {a.acknowledgedAt && <> · acknowledged by {a.acknowledgedBy}</>}
                    </div>
                  </li>
                ))}
              </ul>
              {list.length >= OPEN_ALERTS_SHOWN && <p className="muted small">The newest {OPEN_ALERTS_SHOWN} are shown.</p>}
            </>
          )}
        </Resource>
      </section>
    </>
  );
}
