/** Series of numeric fields from readings, and the SVG path for each, scaled into a box. */
export interface Point {
  t: number;
  v: number;
}

export function numericSeries(readings: { ts: string; values: Record<string, unknown> }[]): Map<string, Point[]> {
  const series = new Map<string, Point[]>();
  for (const r of readings) {
    const t = new Date(r.ts).getTime();
    if (Number.isNaN(t)) continue;
    for (const [name, v] of Object.entries(r.values ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (!series.has(name)) series.set(name, []);
      series.get(name)!.push({ t, v });
    }
  }
  series.forEach((points) => points.sort((a, b) => a.t - b.t));
  return series;
}

export function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  return [lo, hi];
}

export function linePath(points: Point[], width: number, height: number, tRange: [number, number], vRange: [number, number]): string {
  const [t0, t1] = tRange;
  const [v0, v1] = vRange;
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => height - ((v - v0) / (v1 - v0)) * height;
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
}
