/**
 * Chart data: the sensor chart's readings window and its series in uPlot's aligned form, and the
 * SVG path of the nodes page's small lines.
 */
export interface Point {
  t: number;
  v: number;
}

export interface TimedReading {
  id: string;
  ts: string;
  values: Record<string, unknown>;
}

export interface FieldInfo {
  name: string;
  unit?: string | null;
}

export const RANGES = [
  { key: '15m', label: '15 min', ms: 15 * 60_000 },
  { key: '1h', label: '1 h', ms: 60 * 60_000 },
  { key: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
  { key: '7d', label: '7 d', ms: 7 * 24 * 60 * 60_000 },
] as const;

export type RangeKey = (typeof RANGES)[number]['key'];

export function rangeOf(key: RangeKey) {
  return RANGES.find((r) => r.key === key)!;
}

const time = (r: TimedReading) => Date.parse(r.ts);

/**
 * Readings held for a chart window merged with new ones: each once (by id), none from before
 * `since`, oldest first, at most `max` (the newest kept).
 */
export function mergeReadings<R extends TimedReading>(held: R[], incoming: R[], since: number, max: number): R[] {
  const byId = new Map<string, R>();
  for (const r of [...held, ...incoming]) if (time(r) >= since) byId.set(r.id, r);
  const merged = [...byId.values()].sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
  return merged.length > max ? merged.slice(-max) : merged;
}

/** The fields to chart: numeric ones the readings carry, in the sensor type's order, with its units. */
export function chartFields(readings: TimedReading[], typeFields: FieldInfo[] = []): FieldInfo[] {
  const seen = new Set<string>();
  for (const r of readings) for (const [name, v] of Object.entries(r.values ?? {})) if (typeof v === 'number' && Number.isFinite(v)) seen.add(name);
  const typed = typeFields.filter((f) => seen.has(f.name)).map((f) => ({ name: f.name, unit: f.unit || undefined }));
  const untyped = [...seen].filter((name) => !typeFields.some((f) => f.name === name)).map((name) => ({ name }));
  return [...typed, ...untyped];
}

export type AlignedSeries = [number[], ...(number | null)[][]];

/** uPlot's data: x in seconds (its time scale's unit), then per field its value or null (a gap). */
export function alignedData(readings: TimedReading[], fields: string[]): AlignedSeries {
  const xs: number[] = [];
  const ys = fields.map(() => [] as (number | null)[]);
  for (const r of readings) {
    const t = time(r);
    if (Number.isNaN(t)) continue;
    xs.push(t / 1000);
    fields.forEach((f, i) => {
      const v = r.values?.[f];
      ys[i].push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    });
  }
  return [xs, ...ys];
}

/** A value for people: at most two decimals, with its unit. */
export function formatValue(v: number | null | undefined, unit?: string | null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const n = String(+v.toFixed(2));
  return unit ? `${n} ${unit}` : n;
}

/** Latest, lowest and highest value of one series, for the chart's caption. */
export function summary(values: (number | null)[]): { latest?: number; min?: number; max?: number; count: number } {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { count: 0 };
  return { latest: present[present.length - 1], min: Math.min(...present), max: Math.max(...present), count: present.length };
}

export function linePath(points: Point[], width: number, height: number, tRange: [number, number], vRange: [number, number]): string {
  const [t0, t1] = tRange;
  const [v0, v1] = vRange;
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => height - ((v - v0) / (v1 - v0)) * height;
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
}
