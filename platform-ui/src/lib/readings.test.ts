import { describe, expect, it } from 'vitest';
import { advanceWindow, loadWindow, MAX_POINTS, type Get } from './readings';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const HOUR = 3_600_000;
const reading = (id: string, msBeforeNow: number) => ({ id, ts: new Date(NOW - msBeforeNow).toISOString(), values: { t: 1 } });
const signal = new AbortController().signal;

/** A history that answers from a script of pages and records what was asked. */
function history(pages: { items: ReturnType<typeof reading>[]; next?: string | null }[]) {
  const asked: string[] = [];
  const get = (async (path: string) => {
    asked.push(decodeURIComponent(path));
    return pages.shift() ?? { items: [] };
  }) as Get;
  return { get, asked };
}

describe('reading window', () => {
  it('loads the range from the history page by page, and keeps it oldest first', async () => {
    const h = history([{ items: [reading('c', 1_000), reading('b', 2_000)], next: 'k1' }, { items: [reading('a', 3_000)] }]);
    const w = await loadWindow(h.get, '/api/sensors/s-1/data', HOUR, NOW, signal);
    expect(h.asked).toEqual(['/api/sensors/s-1/data?from=2026-01-01T11:00:00.000Z&limit=1000', '/api/sensors/s-1/data?from=2026-01-01T11:00:00.000Z&limit=1000&cursor=k1']);
    expect(w).toMatchObject({ from: NOW - HOUR, to: NOW, truncated: false });
    expect(w.readings.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('stops at the cap and says so', async () => {
    const h = history(Array.from({ length: 10 }, (_, i) => ({ items: [reading(`r${i}`, i * 1_000)], next: `k${i}` })));
    const w = await loadWindow(h.get, '/d', HOUR, NOW, signal);
    expect(h.asked.length).toBe(MAX_POINTS / 1000);
    expect(w.truncated).toBe(true);
  });

  it('advances: asks from a little before the newest reading, merges, and drops what slid out of the range', async () => {
    const held = { readings: [reading('old', HOUR - 500), reading('b', 60_000)], from: NOW - HOUR, to: NOW, truncated: false };
    const h = history([{ items: [reading('c', -1_000), reading('b', 60_000)] }]);
    const w = await advanceWindow(h.get, '/d', held, HOUR, NOW + 1_000, signal);
    expect(h.asked).toEqual([`/d?from=${new Date(NOW - 60_000 - 30_000).toISOString()}&limit=1000`]);
    expect(w.readings.map((r) => r.id)).toEqual(['b', 'c']);
    expect(w).toMatchObject({ from: NOW + 1_000 - HOUR, to: NOW + 1_000 });
  });

  it('reaches to a reading stamped ahead of the clock', async () => {
    const h = history([{ items: [reading('ahead', -5_000)] }]);
    const w = await loadWindow(h.get, '/d', HOUR, NOW, signal);
    expect(w.to).toBe(NOW + 5_000);
  });
});
