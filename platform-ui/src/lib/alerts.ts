import { queryString } from './router';
import type { Alert } from './types';

/** Where an alert's subject is shown in the console, and what sort of thing it is. */
export interface SubjectLink {
  to: string;
  what: 'node' | 'deployment' | 'instance' | 'app' | 'component';
}

const DEPLOYMENT_ID = /^d-[a-z0-9]{12}$/;
const INSTANCE_ID = /^i-[a-z0-9]{12}$/;

const enc = encodeURIComponent;

/**
 * The console page of what an alert is about. The kind says what the subject is (monitoring names
 * them `<thing>-<problem>`: node-down, deployment-failed, …); a kind the console does not know yet
 * falls back on the id's prefix, and a subject it cannot place stays plain text (null).
 */
export function subjectLink(alert: Pick<Alert, 'kind' | 'subject' | 'group'>): SubjectLink | null {
  const { kind, subject } = alert;
  const thing = kind.split('-')[0];
  if (thing === 'node') return { to: `/admin/nodes#${enc(nodeAnchor(subject))}`, what: 'node' };
  if (thing === 'deployment' || (thing !== 'instance' && DEPLOYMENT_ID.test(subject))) return { to: `/deployments/${enc(subject)}`, what: 'deployment' };
  if (thing === 'instance' || INSTANCE_ID.test(subject)) {
    // an instance has no page of its own; its group `<deploymentId>/<service>` names the deployment
    const deployment = alert.group?.split('/')[0];
    return deployment ? { to: `/deployments/${enc(deployment)}`, what: 'instance' } : { to: `/logs${queryString({ instance: subject })}`, what: 'instance' };
  }
  if (thing === 'app') return { to: `/app/${enc(subject)}`, what: 'app' };
  if (thing === 'component') return { to: `/admin#${enc(componentAnchor(subject))}`, what: 'component' };
  return null;
}

/** The alerts page at one alert; every alert is listed there (resolved ones too), so the link never misses. */
export function alertHref(id: string): string {
  return `/admin/alerts?show=all#${enc(id)}`;
}

/** Element ids the alert links land on, on the nodes and health pages. */
export function nodeAnchor(nodeId: string): string {
  return `node-${nodeId}`;
}

export function componentAnchor(componentId: string): string {
  return `component-${componentId}`;
}

/** Newest raised first; the API sorts so too, but a page that merges or reloads must not depend on it. */
export function newestFirst(alerts: Alert[]): Alert[] {
  return [...alerts].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || a.id.localeCompare(b.id));
}

export type AlertFilter = 'open' | 'all';

export function alertFilter(show: string | null): AlertFilter {
  return show === 'all' ? 'all' : 'open';
}

export function alertsQuery(filter: AlertFilter, limit: number): string {
  return `/api/monitoring/alerts${queryString({ open: filter === 'open' ? 'true' : undefined, limit })}`;
}
