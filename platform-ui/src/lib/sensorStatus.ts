import { formatValue, type FieldInfo } from './chart';

/**
 * The sensors list's words for a sensor's newest reading: when it came, what it said, and whether
 * the sensor is still reporting.
 */

/**
 * A sensor whose newest reading is at most this old is reporting. Devices typically send every few
 * seconds to half a minute, and the list refreshes every 15 s: two minutes rides out a few missed
 * sends and a refresh, so a healthy sensor does not flicker to quiet, while one silent for longer is
 * worth a look.
 */
export const REPORTING_WITHIN_MS = 2 * 60_000;

export type SensorStatus = 'reporting' | 'quiet' | 'no readings';

/** `newestTs` is the newest reading's time, or null when the sensor has none. */
export function statusOf(newestTs: string | null, now: number): SensorStatus {
  if (newestTs === null) return 'no readings';
  // a reading stamped ahead of this clock is as fresh as can be
  return now - Date.parse(newestTs) <= REPORTING_WITHIN_MS ? 'reporting' : 'quiet';
}

/** "12 s ago", "3 min ago", "5 h ago", "2 d ago"; "never" without a reading. */
export function lastSeen(newestTs: string | null, now: number): string {
  if (newestTs === null) return 'never';
  const at = Date.parse(newestTs);
  if (Number.isNaN(at)) return 'unknown';
  const seconds = Math.floor(Math.max(0, now - at) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

// a table cell, not the sensor page: enough to recognise the reading at a glance
const SHOWN_FIELDS = 3;
const SHOWN_CHARS = 24;

function clip(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
}

function fieldValue(v: unknown, unit: string | null | undefined): string {
  if (typeof v === 'number') return formatValue(v, unit);
  if (typeof v === 'string') return clip(v);
  if (v === null || v === undefined) return '—';
  return clip(typeof v === 'object' ? JSON.stringify(v) : String(v));
}

/**
 * A reading's values in one short line: "temperature 21.5 °C, humidity 40 %", the sensor type's
 * fields first in its order and with its units, then any others; beyond three, an ellipsis.
 */
export function valueSummary(values: Record<string, unknown> | null | undefined, typeFields: FieldInfo[] = []): string {
  const present = Object.keys(values ?? {});
  if (present.length === 0) return '—';
  const typed = typeFields.filter((f) => present.includes(f.name));
  const names = [...typed.map((f) => f.name), ...present.filter((n) => !typed.some((f) => f.name === n))];
  const shown = names.slice(0, SHOWN_FIELDS).map((n) => `${n} ${fieldValue(values![n], typed.find((f) => f.name === n)?.unit)}`);
  return names.length > SHOWN_FIELDS ? `${shown.join(', ')}, …` : shown.join(', ');
}
