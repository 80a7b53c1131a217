import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignedData, formatValue, summary, type FieldInfo, type TimedReading } from '../lib/chart';

const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777'];
const HEIGHT = 260;

/** Fields of one unit share a scale; a field without a unit has its own. */
function scaleOf(field: FieldInfo): string {
  return field.unit ? `unit:${field.unit}` : `field:${field.name}`;
}

function axisLabel(fields: FieldInfo[], scale: string): string {
  const on = fields.filter((f) => scaleOf(f) === scale);
  const unit = on[0].unit;
  return `${on.map((f) => f.name).join(', ')}${unit ? ` (${unit})` : ''}`;
}

function options(fields: FieldInfo[], width: number, bounds: () => { from: number; to: number }, drawn: (u: uPlot) => void): uPlot.Options {
  const scales = [...new Set(fields.map(scaleOf))];
  return {
    width,
    height: HEIGHT,
    // the chosen window, not the data's extent: a quiet sensor shows as a short line at the right
    scales: { x: { time: true, range: () => [bounds().from / 1000, bounds().to / 1000] } },
    series: [
      { label: 'Time', value: (_u, ts) => (ts == null ? '—' : new Date(ts * 1000).toLocaleString()) },
      ...fields.map((f, i) => ({ label: f.name, scale: scaleOf(f), stroke: COLORS[i % COLORS.length], width: 2, value: (_u: uPlot, v: number | null) => formatValue(v, f.unit) })),
    ],
    // a y axis for each of the first two scales (left, right); more would crowd the chart, the legend still has their values
    axes: [{}, ...scales.slice(0, 2).map((scale, i) => ({ scale, side: i === 0 ? 3 : 1, label: axisLabel(fields, scale), grid: { show: i === 0 } }))],
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    hooks: { draw: [drawn] },
  };
}

/**
 * Readings as lines on a time axis over the chosen window (uPlot, on canvas); hovering shows each
 * field's value in the legend below. The caption says the same in words for those who cannot see it.
 */
export default function SensorChart({ readings, fields, from, to, title }: { readings: TimedReading[]; fields: FieldInfo[]; from: number; to: number; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot>(undefined);
  const bounds = useRef({ from, to });
  bounds.current = { from, to };
  const shape = fields.map((f) => `${f.name}:${f.unit ?? ''}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const data = useMemo(() => alignedData(readings, fields.map((f) => f.name)), [readings, shape]);

  useEffect(() => {
    const el = host.current!;
    // data-points says what was drawn last, for the browser test
    const u = new uPlot(options(fields, el.clientWidth, () => bounds.current, (p) => (el.dataset.points = String(p.data[0].length))), data, el);
    plot.current = u;
    const resize = () => u.setSize({ width: el.clientWidth, height: HEIGHT });
    globalThis.addEventListener('resize', resize);
    return () => {
      globalThis.removeEventListener('resize', resize);
      u.destroy();
      plot.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return (
    <figure className="chart">
      <div ref={host} className="chart-plot" data-testid="chart" />
      <figcaption>
        <span className="visually-hidden">{title}: </span>
        {fields.map((f, i) => {
          const s = summary(data[i + 1]);
          return (
            <span key={f.name} className="legend">
              <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {f.name}: {formatValue(s.latest, f.unit)}{' '}
              <span className="muted">({s.count === 1 ? 'one reading' : `${formatValue(s.min)}–${formatValue(s.max, f.unit)}`})</span>
            </span>
          );
        })}
        <span className="muted small">
          {data[0].length} reading{data[0].length === 1 ? '' : 's'} from {new Date(from).toLocaleString()} to {new Date(to).toLocaleString()}
        </span>
      </figcaption>
    </figure>
  );
}
