import { describe, expect, it } from 'vitest';
import { eachLimited, fetchLatest, type Get } from './latestReadings';

const signal = new AbortController().signal;

describe('latest readings', () => {
  it("asks the history for one reading and takes it as the sensor's newest", async () => {
    const asked: string[] = [];
    const reading = { id: 'r1', sensorId: 'hall 1', ts: '2026-01-01T12:00:00Z', values: { t: 1 } };
    const get = (async (path: string) => {
      asked.push(path);
      return { items: [reading], next: 'k' };
    }) as Get;
    expect(await fetchLatest(get, 'hall 1', signal)).toBe(reading);
    expect(asked).toEqual(['/api/sensors/hall%201/data?limit=1']);
  });

  it('takes an empty history as no readings, not as an error', async () => {
    const get = (async () => ({ items: [], next: null })) as Get;
    expect(await fetchLatest(get, 's-1', signal)).toBeNull();
  });

  it('runs at most the limit at once, every item once, and goes on past a failure', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const items = Array.from({ length: 20 }, (_, i) => i);
    await eachLimited(items, 6, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
      inFlight--;
      if (i === 3) throw new Error('refused');
      done.push(i);
    });
    expect(most).toBe(6);
    expect(done.sort((a, b) => a - b)).toEqual(items.filter((i) => i !== 3));
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await eachLimited([], 6, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
