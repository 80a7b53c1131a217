import { CronError, nextRuns, parseCron } from './cron';

/** The deploy form's state, its checks (keyed by the JSON pointers the server uses) and its request. */
export type ScheduleType = 'now' | 'at' | 'cron';

export interface DeployFormState {
  version: string;
  scheduleType: ScheduleType;
  /** A `datetime-local` value, read in the browser's zone. */
  at: string;
  cron: string;
  durationMinutes: string;
  /** Instance count per service; empty means the service's instances.min. */
  instances: Record<string, string>;
}

export interface ServiceBounds {
  name: string;
  min: number;
  max: number;
}

export interface DeployRequest {
  version?: string;
  schedule: { type: 'now' } | { type: 'at'; at: string } | { type: 'cron'; cron: string };
  durationMinutes?: number;
  instances?: Record<string, number>;
}

export type FieldErrors = Record<string, string>;

export function initialDeployForm(version: string): DeployFormState {
  return { version, scheduleType: 'now', at: '', cron: '0 0 8 * * MON-FRI', durationMinutes: '', instances: {} };
}

export function validateDeploy(
  state: DeployFormState,
  services: ServiceBounds[],
  now: Date = new Date(),
): { errors: FieldErrors; request?: DeployRequest } {
  const errors: FieldErrors = {};
  let schedule: DeployRequest['schedule'] = { type: 'now' };
  if (state.scheduleType === 'at') {
    const when = state.at ? new Date(state.at) : null;
    if (!when || Number.isNaN(when.getTime())) errors['/schedule/at'] = 'Choose a date and time.';
    else if (when.getTime() <= now.getTime()) errors['/schedule/at'] = 'Choose a time in the future.';
    else if (when.getTime() > now.getTime() + 366 * 24 * 3600 * 1000) errors['/schedule/at'] = 'Choose a time within a year.';
    else schedule = { type: 'at', at: when.toISOString() };
  } else if (state.scheduleType === 'cron') {
    try {
      const parsed = parseCron(state.cron);
      if (nextRuns(parsed, now, 1).length === 0) errors['/schedule/cron'] = 'This expression never fires.';
      else schedule = { type: 'cron', cron: state.cron.trim() };
    } catch (e) {
      if (e instanceof CronError && e.unsupported) schedule = { type: 'cron', cron: state.cron.trim() };
      else errors['/schedule/cron'] = e instanceof Error ? e.message : String(e);
    }
  }
  const request: DeployRequest = { schedule };
  if (state.version) request.version = state.version;
  const duration = state.durationMinutes.trim();
  if (duration !== '') {
    if (!/^\d+$/.test(duration) || Number(duration) < 1) errors['/durationMinutes'] = 'A whole number of minutes, at least 1 (or empty to run until stopped).';
    else if (Number(duration) > 525_600) errors['/durationMinutes'] = 'At most a year (525,600 minutes).';
    else request.durationMinutes = Number(duration);
  }
  const instances: Record<string, number> = {};
  for (const service of services) {
    const raw = (state.instances[service.name] ?? '').trim();
    if (raw === '') continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1) errors[`/instances/${service.name}`] = 'At least 1 instance.';
    else if (n > service.max) errors[`/instances/${service.name}`] = `At most ${service.max} (instances.max in its config.json).`;
    else if (n !== service.min) instances[service.name] = n;
  }
  if (Object.keys(instances).length > 0) request.instances = instances;
  return Object.keys(errors).length > 0 ? { errors } : { errors, request };
}

/** Server field errors (JSON pointers) keyed like the form's own. */
export function errorsByPath(problems: { path: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) {
    const key = p.path.startsWith('/') ? p.path : '/' + p.path.replace(/\./g, '/');
    out[key] = out[key] ? `${out[key]} ${p.message}` : p.message;
  }
  return out;
}
