import { extent, linePath, type Point } from '../lib/chart';

const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777'];

/** A hand-drawn SVG line chart: one line per series, each on its own scale (min–max in the legend). */
export function LineChart({ series, title }: { series: Map<string, Point[]>; title: string }) {
  const width = 600;
  const height = 200;
  const all = [...series.values()].flat();
  const tRange = extent(all.map((p) => p.t));
  const names = [...series.keys()];
  return (
    <figure className="chart">
      <svg viewBox={`-4 -4 ${width + 8} ${height + 8}`} role="img" aria-label={title} preserveAspectRatio="none" data-testid="chart">
        <title>{title}</title>
        <rect x={0} y={0} width={width} height={height} className="chart-bg" />
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1={0} x2={width} y1={height * f} y2={height * f} className="grid" />
        ))}
        {names.map((name, i) => {
          const points = series.get(name)!;
          const vRange = extent(points.map((p) => p.v));
          return (
            <g key={name}>
              <path d={linePath(points, width, height, tRange, vRange)} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={2} vectorEffect="non-scaling-stroke" />
              {points.length === 1 && <circle cx={width / 2} cy={height / 2} r={3} fill={COLORS[i % COLORS.length]} />}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {names.map((name, i) => {
          const points = series.get(name)!;
          const [lo, hi] = extent(points.map((p) => p.v));
          const last = points[points.length - 1]?.v;
          return (
            <span key={name} className="legend">
              <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {name}: {last === undefined ? "—" : +last.toFixed(2)} <span className="muted">({points.length === 1 ? 'one reading' : `${+lo.toFixed(2)}–${+hi.toFixed(2)}`})</span>
            </span>
          );
        })}
        {all.length > 0 && (
          <span className="muted small">
            {new Date(tRange[0]).toLocaleTimeString()} – {new Date(tRange[1]).toLocaleTimeString()}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
