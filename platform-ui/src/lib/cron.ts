/**
 * Spring cron expressions (`CronExpression`, what app-controller runs: six fields, second minute hour
 * day-of-month month day-of-week, UTC unless a zone is given), parsed and previewed in the browser.
 * Like Spring, a day must match both the day-of-month and the day-of-week field.
 */
export interface CronSchedule {
  seconds: number[];
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  source: string;
}

export class CronError extends Error {
  /** True when the expression uses features (L, W, #) the preview does not cover; the server still checks it. */
  readonly unsupported: boolean;
  constructor(message: string, unsupported = false) {
    super(message);
    this.name = 'CronError';
    this.unsupported = unsupported;
  }
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELD_NAMES = ['second', 'minute', 'hour', 'day of month', 'month', 'day of week'];

function value(token: string, field: number, min: number, max: number): number {
  const upper = token.toUpperCase();
  let n: number;
  if (field === 4 && MONTHS.includes(upper)) n = MONTHS.indexOf(upper) + 1;
  else if (field === 5 && DAYS.includes(upper)) n = DAYS.indexOf(upper);
  else if (/^\d+$/.test(token)) n = Number(token);
  else throw new CronError(`the ${FIELD_NAMES[field]} field has '${token}', which is not a number${field >= 4 ? ' or a name' : ''}`);
  if (field === 5 && n === 7) n = 0;
  if (n < min || n > max) throw new CronError(`the ${FIELD_NAMES[field]} field has ${token}, outside ${min}-${max}`);
  return n;
}

function parseField(text: string, field: number, min: number, max: number): number[] {
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (m) => (MONTHS.includes(m.toUpperCase()) || DAYS.includes(m.toUpperCase()) ? 'X' : m)))) {
    throw new CronError(`the preview does not cover L, W or # (in the ${FIELD_NAMES[field]} field); the platform will check the expression`, true);
  }
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(`the ${FIELD_NAMES[field]} field has an empty list item`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`the ${FIELD_NAMES[field]} field has more than one '/' in '${part}'`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronError(`the ${FIELD_NAMES[field]} field has a bad step '${stepText}'`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = field === 5 ? 6 : max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = value(a, field, min, max);
      hi = field === 5 && b === '7' ? 7 : value(b, field, min, max);
      if (hi < lo) throw new CronError(`the ${FIELD_NAMES[field]} field has a backwards range '${range}'`);
    } else {
      lo = value(range, field, min, max);
      hi = stepText !== undefined ? (field === 5 ? 6 : max) : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(field === 5 ? v % 7 : v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(expression: string): CronSchedule {
  const source = expression.trim();
  if (source === '') throw new CronError('enter a cron expression, e.g. 0 0 8 * * MON-FRI');
  const expanded = MACROS[source.toLowerCase()] ?? source;
  const fields = expanded.split(/\s+/);
  if (fields.length === 5) {
    throw new CronError(`the platform's cron has six fields (second first); did you mean '0 ${expanded}'?`);
  }
  if (fields.length !== 6) throw new CronError(`a cron expression has six fields (second minute hour day-of-month month day-of-week), this one has ${fields.length}`);
  return {
    seconds: parseField(fields[0], 0, 0, 59),
    minutes: parseField(fields[1], 1, 0, 59),
    hours: parseField(fields[2], 2, 0, 23),
    days: new Set(parseField(fields[3], 3, 1, 31)),
    months: new Set(parseField(fields[4], 4, 1, 12)),
    weekdays: new Set(parseField(fields[5], 5, 0, 7)),
    source,
  };
}

/** The next `count` runs strictly after `after`, in UTC; fewer when none come within five years. */
export function nextRuns(schedule: CronSchedule, after: Date, count: number): Date[] {
  const out: Date[] = [];
  const start = after.getTime();
  const day = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate()));
  for (let i = 0; i < 366 * 5 && out.length < count; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!schedule.months.has(day.getUTCMonth() + 1) || !schedule.days.has(day.getUTCDate()) || !schedule.weekdays.has(day.getUTCDay())) continue;
    for (const h of schedule.hours) {
      for (const m of schedule.minutes) {
        for (const s of schedule.seconds) {
          const t = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m, s);
          if (t > start) {
            out.push(new Date(t));
            if (out.length >= count) return out;
          }
        }
      }
    }
  }
  return out;
}

function list(values: number[], names?: string[]): string {
  const words = values.map((v) => (names ? names[v] : String(v)));
  return words.length <= 2 ? words.join(' and ') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAY_WORDS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_WORDS = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A sentence such as "at 08:00:00 UTC, on Monday, Tuesday, … and Friday". */
export function describeCron(s: CronSchedule): string {
  const parts: string[] = [];
  if (s.hours.length === 1 && s.minutes.length === 1 && s.seconds.length === 1) {
    parts.push(`at ${pad(s.hours[0])}:${pad(s.minutes[0])}:${pad(s.seconds[0])} UTC`);
  } else if (s.hours.length === 24 && s.minutes.length === 60 && s.seconds.length === 60) {
    parts.push('every second');
  } else if (s.hours.length === 24 && s.minutes.length === 60) {
    parts.push(`every minute at second ${list(s.seconds)}`);
  } else if (s.hours.length === 24 && s.seconds.length === 1) {
    parts.push(s.minutes.length === 1 ? `every hour at minute ${s.minutes[0]}` : `at minute ${list(s.minutes)} of every hour`);
  } else {
    parts.push(`at second ${list(s.seconds)}, minute ${list(s.minutes)}, hour ${list(s.hours)} (UTC)`);
  }
  if (s.days.size < 31) parts.push(`on day ${list([...s.days])} of the month`);
  if (s.weekdays.size < 7) parts.push(`on ${list([...s.weekdays].sort(), WEEKDAY_WORDS)}`);
  if (s.months.size < 12) parts.push(`in ${list([...s.months], MONTH_WORDS)}`);
  return parts.join(', ');
}
