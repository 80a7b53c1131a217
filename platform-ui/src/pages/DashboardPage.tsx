import { api } from '../lib/api';
import { Link } from '../lib/router';
import { getSession } from '../lib/session';
import { useResource } from '../lib/useResource';
import type { App, Deployment } from '../lib/types';
import { Resource, StateBadge, When } from '../components/Status';

/** My apps and my deployments, refreshed every few seconds. */
export default function DashboardPage() {
  const apps = useResource((signal) => api.get<App[]>('/api/apps', { signal }), [], 10_000);
  const deployments = useResource((signal) => api.get<Deployment[]>('/api/deployments', { signal }), [], 4_000);
  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <p className="muted">Signed in as {getSession()?.username}.</p>
        <div className="actions">
          <Link className="button" to="/upload">
            Upload an app
          </Link>
          <Link className="button secondary" to="/contract">
            Get the contract
          </Link>
        </div>
      </div>
      <section aria-labelledby="apps-title">
        <h2 id="apps-title">Apps</h2>
        <Resource state={apps} what="Loading apps" empty={(list) => list.length === 0 && <>No apps yet. <Link to="/upload">Upload your first app</Link>, starting from the sample in the <Link to="/contract">contract</Link>.</>}>
          {(list) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">App</th>
                    <th scope="col">Latest version</th>
                    <th scope="col">Versions</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((app) => (
                    <tr key={app.id}>
                      <td>
                        <Link to={`/app/${encodeURIComponent(app.id)}`}>{app.name}</Link>
                        {app.description && <div className="muted small">{app.description}</div>}
                      </td>
                      <td>{app.latestVersion ?? '—'}</td>
                      <td>{app.versions.length}</td>
                      <td>{app.owner}</td>
                      <td>
                        <When at={app.createdAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Resource>
      </section>
      <section aria-labelledby="deployments-title">
        <h2 id="deployments-title">Deployments</h2>
        <DeploymentTable state={deployments} />
      </section>
    </>
  );
}

export function DeploymentTable({ state }: { state: ReturnType<typeof useResource<Deployment[]>> }) {
  return (
    <Resource state={state} what="Loading deployments" empty={(list) => list.length === 0 && 'No deployments yet. Open an app to deploy it.'}>
      {(list) => (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">App</th>
                <th scope="col">State</th>
                <th scope="col">Schedule</th>
                <th scope="col">Link</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {[...list]
                .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                .map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/deployments/${encodeURIComponent(d.id)}`}>{d.id}</Link>
                    </td>
                    <td>
                      {d.appId} <span className="muted">{d.version}</span>
                    </td>
                    <td>
                      <StateBadge state={d.status} />
                    </td>
                    <td>{d.schedule.type === 'cron' ? <code>{d.schedule.cron}</code> : d.schedule.type}</td>
                    <td>{d.url ? <a href={appHref(d.url)}>{appHref(d.url)}</a> : <span className="muted">—</span>}</td>
                    <td>
                      <When at={d.updatedAt} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </Resource>
  );
}

/** The app link on this origin: the platform reports it with its configured gateway address. */
export function appHref(url: string): string {
  try {
    const u = new URL(url, window.location.origin);
    return u.pathname.startsWith('/apps/') ? u.pathname + u.search : u.toString();
  } catch {
    return url;
  }
}
