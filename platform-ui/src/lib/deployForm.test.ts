import { describe, expect, it } from 'vitest';
import { errorsByPath, initialDeployForm, validateDeploy, type DeployFormState } from './deployForm';

const services = [
  { name: 'dashboard', min: 1, max: 3 },
  { name: 'monitor', min: 2, max: 4 },
];
const now = new Date('2026-11-26T12:00:00Z');
const form = (patch: Partial<DeployFormState>): DeployFormState => ({ ...initialDeployForm('1.0.0'), ...patch });

describe('deploy form', () => {
  it('builds the smallest request for now', () => {
    expect(validateDeploy(form({}), services, now)).toEqual({ errors: {}, request: { version: '1.0.0', schedule: { type: 'now' } } });
  });

  it('sends an at time as an ISO instant and refuses the past', () => {
    const ok = validateDeploy(form({ scheduleType: 'at', at: '2026-12-01T08:00:00Z' }), services, now);
    expect(ok.request?.schedule).toEqual({ type: 'at', at: '2026-12-01T08:00:00.000Z' });
    expect(validateDeploy(form({ scheduleType: 'at', at: '2026-11-01T08:00:00Z' }), services, now).errors['/schedule/at']).toMatch(/future/);
    expect(validateDeploy(form({ scheduleType: 'at', at: '' }), services, now).errors['/schedule/at']).toMatch(/Choose a date/);
    expect(validateDeploy(form({ scheduleType: 'at', at: '2028-01-01T00:00:00Z' }), services, now).errors['/schedule/at']).toMatch(/within a year/);
  });

  it('checks cron expressions client-side but lets L/W/# through to the server', () => {
    expect(validateDeploy(form({ scheduleType: 'cron', cron: '0 0 8 * * MON-FRI' }), services, now).request?.schedule).toEqual({ type: 'cron', cron: '0 0 8 * * MON-FRI' });
    expect(validateDeploy(form({ scheduleType: 'cron', cron: '0 8 * * *' }), services, now).errors['/schedule/cron']).toMatch(/six fields/);
    expect(validateDeploy(form({ scheduleType: 'cron', cron: '0 0 0 31 2 *' }), services, now).errors['/schedule/cron']).toMatch(/never fires/);
    expect(validateDeploy(form({ scheduleType: 'cron', cron: '0 0 0 L * *' }), services, now).request).toBeDefined();
  });

  it('checks the duration', () => {
    expect(validateDeploy(form({ durationMinutes: '30' }), services, now).request?.durationMinutes).toBe(30);
    expect(validateDeploy(form({ durationMinutes: '0' }), services, now).errors['/durationMinutes']).toBeDefined();
    expect(validateDeploy(form({ durationMinutes: '1.5' }), services, now).errors['/durationMinutes']).toBeDefined();
    expect(validateDeploy(form({ durationMinutes: 'abc' }), services, now).errors['/durationMinutes']).toBeDefined();
  });

  it('sends only instance counts that differ from the minimum and stay within the bounds', () => {
    const ok = validateDeploy(form({ instances: { dashboard: '1', monitor: '3' } }), services, now);
    expect(ok.request?.instances).toEqual({ monitor: 3 });
    const bad = validateDeploy(form({ instances: { dashboard: '4', monitor: '0' } }), services, now);
    expect(bad.request).toBeUndefined();
    expect(bad.errors).toEqual({ '/instances/dashboard': 'At most 3 (instances.max in its config.json).', '/instances/monitor': 'At least 1 instance.' });
  });

  it('maps server problems onto the same fields', () => {
    expect(errorsByPath([{ path: '/schedule/cron', message: 'bad' }, { path: 'instances.monitor', message: 'too many' }, { path: '/schedule/cron', message: 'really' }])).toEqual({
      '/schedule/cron': 'bad really',
      '/instances/monitor': 'too many',
    });
  });
});
