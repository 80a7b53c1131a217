import { useState } from 'react';
import { alertFilter, alertsQuery, newestFirst, type AlertFilter } from '../lib/alerts';
import { api } from '../lib/api';
import { asProblem, type ApiProblem } from '../lib/problem';
import { navigate, useHashTarget, useLocation } from '../lib/router';
import { useResource } from '../lib/useResource';
import type { Alert } from '../lib/types';
import { AlertSubject } from '../components/AlertSubject';
import { ProblemView, Resource, StateBadge, When } from '../components/Status';

// the API's own default is 100 and its maximum 500; it has no pages, so ask for a generous window
const LIMIT = 200;

const FILTERS: { value: AlertFilter; label: string }[] = [
  { value: 'open', label: 'Open alerts' },
  { value: 'all', label: 'All alerts, resolved ones too' },
];

/** Every alert, newest first: what it is about (linked), when it was raised and resolved, who acknowledged it. */
export default function AdminAlertsPage() {
  const { query } = useLocation();
  const filter = alertFilter(query.get('show'));
  const alerts = useResource((signal) => api.get<Alert[]>(alertsQuery(filter, LIMIT), { signal }), [filter], 5_000);
  const target = useHashTarget(alerts.data !== undefined);
  return (
    <>
      <h1>Alerts</h1>
      <p className="muted small live">Live: refreshed every 5 s. An acknowledged alert no longer counts on the health page; it stays open here until its cause clears.</p>
      <fieldset className="choice">
        <legend>Show</legend>
        {FILTERS.map((f) => (
          <label key={f.value} className="inline">
            <input type="radio" name="show" value={f.value} checked={filter === f.value} onChange={() => navigate(f.value === 'all' ? '/admin/alerts?show=all' : '/admin/alerts', { replace: true })} /> {f.label}
          </label>
        ))}
      </fieldset>
      <Resource state={alerts} what="Loading alerts" empty={(l) => l.length === 0 && (filter === 'open' ? 'No open alerts: nothing needs attention.' : 'No alert has been raised yet.')}>
        {(list) => (
          <>
            <ul className="alerts" data-testid="alerts">
              {newestFirst(list).map((a) => (
                <AlertItem key={a.id} alert={a} targeted={a.id === target} onChange={alerts.reload} />
              ))}
            </ul>
            {list.length >= LIMIT && <p className="muted small">The newest {LIMIT} are shown.</p>}
          </>
        )}
      </Resource>
    </>
  );
}

function AlertItem({ alert, targeted, onChange }: { alert: Alert; targeted: boolean; onChange: () => void }) {
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  // No confirmation: acknowledging records who is on it and takes the alert out of the health
  // summary's count; nothing in the platform acts on it, and an admin acknowledges many in a row.
  function acknowledge() {
    setBusy(true);
    setProblem(undefined);
    api
      .post(`/api/monitoring/alerts/${encodeURIComponent(alert.id)}/ack`)
      .then(onChange)
      .catch((e) => setProblem(asProblem(e)))
      .finally(() => setBusy(false));
  }
  return (
    <li id={alert.id} className={`alert${targeted ? ' target' : ''}`} data-state={alert.resolvedAt ? 'resolved' : 'open'}>
      <div className="alert-head">
        <StateBadge state={alert.severity} /> <StateBadge state={alert.resolvedAt ? 'RESOLVED' : 'OPEN'} /> <code className="kind">{alert.kind}</code> <AlertSubject alert={alert} />
      </div>
      <p className="alert-message">{alert.message}</p>
      <p className="muted small">
        raised <When at={alert.raisedAt} />
        {alert.resolvedAt && (
          <>
            {' '}
            · resolved <When at={alert.resolvedAt} />
            {alert.resolution && <>: {alert.resolution}</>}
          </>
        )}{' '}
        ·{' '}
        {alert.acknowledgedAt ? (
          <span className="acked">
            acknowledged by {alert.acknowledgedBy ?? 'someone'} <When at={alert.acknowledgedAt} />
          </span>
        ) : (
          'not acknowledged'
        )}{' '}
        · <a href={`#${encodeURIComponent(alert.id)}`}>{alert.id}</a>
      </p>
      {!alert.acknowledgedAt && (
        <button type="button" className="secondary" disabled={busy} onClick={acknowledge}>
          {busy ? 'Acknowledging…' : 'Acknowledge'}
          <span className="visually-hidden">
            {' '}
            {alert.kind} of {alert.subject}
          </span>
        </button>
      )}
      {problem && <ProblemView problem={problem} />}
    </li>
  );
}
