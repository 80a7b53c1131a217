import { describe, expect, it } from 'vitest';
import { alignedData, chartFields, formatValue, linePath, mergeReadings, summary } from './chart';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const reading = (id: string, s: number, values: Record<string, unknown>) => ({ id, ts: at(s), values });

describe('chart readings', () => {
  it('merges new readings once each, oldest first, dropping those before the window and beyond the cap', () => {
    const held = [reading('a', 1, { t: 1 }), reading('b', 2, { t: 2 })];
    const merged = mergeReadings(held, [reading('d', 4, { t: 4 }), reading('b', 2, { t: 2 }), reading('c', 3, { t: 3 })], Date.parse(at(2)), 10);
    expect(merged.map((r) => r.id)).toEqual(['b', 'c', 'd']);
    expect(mergeReadings(merged, [], 0, 2).map((r) => r.id)).toEqual(['c', 'd']);
  });

  it("charts the numeric fields, in the type's order with its units, then any others", () => {
    const readings = [reading('a', 1, { humidity: 40, ok: true, label: 'x' }), reading('b', 2, { temperature: 21.5, extra: 3 })];
    const fields = chartFields(readings, [
      { name: 'temperature', unit: '°C' },
      { name: 'humidity', unit: '%' },
      { name: 'pressure', unit: 'hPa' },
    ]);
    expect(fields).toEqual([{ name: 'temperature', unit: '°C' }, { name: 'humidity', unit: '%' }, { name: 'extra' }]);
    expect(chartFields(readings)).toEqual([{ name: 'humidity' }, { name: 'temperature' }, { name: 'extra' }]);
  });

  it("aligns readings for uPlot: seconds, then each field's value or a gap", () => {
    const data = alignedData([reading('a', 1, { t: 20, h: 40 }), reading('b', 2, { t: 21 }), { id: 'c', ts: 'not a time', values: { t: 9 } }], ['t', 'h']);
    expect(data).toEqual([[Date.parse(at(1)) / 1000, Date.parse(at(2)) / 1000], [20, 21], [40, null]]);
  });

  it('formats values with their unit and sums a series up', () => {
    expect(formatValue(21.456, '°C')).toBe('21.46 °C');
    expect(formatValue(3, null)).toBe('3');
    expect(formatValue(null, '°C')).toBe('—');
    expect(summary([null, 3, 1, 2])).toEqual({ latest: 2, min: 1, max: 3, count: 3 });
    expect(summary([null])).toEqual({ count: 0 });
  });

  it('scales a small line into its box', () => {
    expect(linePath([{ t: 0, v: 0 }, { t: 10, v: 10 }], 100, 50, [0, 10], [0, 10])).toBe('M0.0,50.0 L100.0,0.0');
  });
});
