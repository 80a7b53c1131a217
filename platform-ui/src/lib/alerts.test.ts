import { describe, expect, it } from 'vitest';
import { alertFilter, alertHref, alertsQuery, newestFirst, subjectLink } from './alerts';
import type { Alert } from './types';

const alert = (kind: string, subject: string, group: string | null = null) => ({ kind, subject, group });

describe('alert subject links', () => {
  it('sends node alerts to the node on the nodes page', () => {
    expect(subjectLink(alert('node-down', 'node-1'))).toEqual({ to: '/admin/nodes#node-node-1', what: 'node' });
    expect(subjectLink(alert('node-overloaded', 'n-abcdefghijkl'))).toEqual({ to: '/admin/nodes#node-n-abcdefghijkl', what: 'node' });
  });

  it('sends deployment alerts to the deployment', () => {
    expect(subjectLink(alert('deployment-failed', 'd-0123456789ab'))).toEqual({ to: '/deployments/d-0123456789ab', what: 'deployment' });
  });

  it("sends an instance alert to its deployment, named by its group, else to the instance's logs", () => {
    expect(subjectLink(alert('instance-failed', 'i-0123456789ab', 'd-0123456789ab/web'))).toEqual({ to: '/deployments/d-0123456789ab', what: 'instance' });
    expect(subjectLink(alert('instance-failed', 'i-0123456789ab'))).toEqual({ to: '/logs?instance=i-0123456789ab', what: 'instance' });
  });

  it('sends app alerts to the app and component alerts to the component on the health page', () => {
    expect(subjectLink(alert('app-quota', 'greenhouse'))).toEqual({ to: '/app/greenhouse', what: 'app' });
    expect(subjectLink(alert('component-down', 'sensor-manager-1'))).toEqual({ to: '/admin#component-sensor-manager-1', what: 'component' });
  });

  it("places a kind it does not know by the subject's id, or not at all", () => {
    expect(subjectLink(alert('no-node-fits', 'd-0123456789ab'))).toEqual({ to: '/deployments/d-0123456789ab', what: 'deployment' });
    expect(subjectLink(alert('restart-storm', 'i-0123456789ab'))).toEqual({ to: '/logs?instance=i-0123456789ab', what: 'instance' });
    expect(subjectLink(alert('disk-full', 'mongodb'))).toBeNull();
  });

  it('encodes subjects that are not plain ids', () => {
    expect(subjectLink(alert('component-down', 'agent node/1'))!.to).toBe('/admin#component-agent%20node%2F1');
    expect(subjectLink(alert('deployment-failed', 'd-x?y'))!.to).toBe('/deployments/d-x%3Fy');
  });
});

describe('alerts list', () => {
  const a = (id: string, raisedAt: string) => ({ id, raisedAt, kind: 'node-down', subject: 'n', severity: 'CRITICAL', message: '' }) as Alert;

  it('puts the newest first, ties by id', () => {
    const sorted = newestFirst([a('al-1', '2026-01-01T10:00:00Z'), a('al-3', '2026-01-01T12:00:00Z'), a('al-2', '2026-01-01T10:00:00Z')]);
    expect(sorted.map((x) => x.id)).toEqual(['al-3', 'al-1', 'al-2']);
  });

  it('shows open alerts unless all are asked for, and asks the API accordingly', () => {
    expect(alertFilter(null)).toBe('open');
    expect(alertFilter('resolved')).toBe('open');
    expect(alertFilter('all')).toBe('all');
    expect(alertsQuery('open', 200)).toBe('/api/monitoring/alerts?open=true&limit=200');
    expect(alertsQuery('all', 200)).toBe('/api/monitoring/alerts?limit=200');
  });

  it('links an alert id to the page that lists it whatever its state', () => {
    expect(alertHref('al-0123456789ab')).toBe('/admin/alerts?show=all#al-0123456789ab');
  });
});
