import { describe, expect, it } from 'vitest';
import { CronError, describeCron, nextRuns, parseCron } from './cron';

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('cron preview', () => {
  it('previews weekday mornings like Spring does, in UTC', () => {
    const s = parseCron('0 0 8 * * MON-FRI');
    // 2026-11-27 is a Friday
    expect(iso(nextRuns(s, at('2026-11-27T09:00:00Z'), 3))).toEqual(['2026-11-30T08:00:00.000Z', '2026-12-01T08:00:00.000Z', '2026-12-02T08:00:00.000Z']);
    expect(describeCron(s)).toBe('at 08:00:00 UTC, on Monday, Tuesday, Wednesday, Thursday and Friday');
  });

  it('runs strictly after the given instant', () => {
    const s = parseCron('0 */15 * * * *');
    expect(iso(nextRuns(s, at('2026-01-01T10:15:00Z'), 2))).toEqual(['2026-01-01T10:30:00.000Z', '2026-01-01T10:45:00.000Z']);
  });

  it('handles steps, lists, ranges, names and Sunday as 0 or 7', () => {
    expect(parseCron('*/20 1,2 3-5 * JAN-MAR SUN').seconds).toEqual([0, 20, 40]);
    expect([...parseCron('0 0 0 * * 7').weekdays]).toEqual([0]);
    expect([...parseCron('0 0 0 * * 5-7').weekdays].sort()).toEqual([0, 5, 6]);
    expect([...parseCron('0 0 0 ? 2/3 *').months]).toEqual([2, 5, 8, 11]);
  });

  it('needs both the day of month and the day of week to match', () => {
    // Friday the 13th
    const s = parseCron('0 0 12 13 * FRI');
    expect(iso(nextRuns(s, at('2026-01-01T00:00:00Z'), 2))).toEqual(['2026-02-13T12:00:00.000Z', '2026-03-13T12:00:00.000Z']);
  });

  it('knows the macros', () => {
    expect(iso(nextRuns(parseCron('@daily'), at('2026-06-01T05:00:00Z'), 1))).toEqual(['2026-06-02T00:00:00.000Z']);
    expect(iso(nextRuns(parseCron('@hourly'), at('2026-06-01T05:00:00Z'), 1))).toEqual(['2026-06-01T06:00:00.000Z']);
  });

  it('finds nothing for a date that never comes', () => {
    expect(nextRuns(parseCron('0 0 0 31 2 *'), at('2026-01-01T00:00:00Z'), 1)).toEqual([]);
  });

  it('explains what is wrong', () => {
    expect(() => parseCron('0 8 * * MON')).toThrow("did you mean '0 0 8 * * MON'");
    expect(() => parseCron('0 0 25 * * *')).toThrow('outside 0-23');
    expect(() => parseCron('0 0 8 * * FUNDAY')).toThrow("'FUNDAY'");
    expect(() => parseCron('0 0 8-6 * * *')).toThrow('backwards range');
    expect(() => parseCron('')).toThrow('enter a cron expression');
    expect(() => parseCron('0 0 0 * * * *')).toThrow('this one has 7');
  });

  it('marks L, W and # as beyond the preview rather than wrong', () => {
    try {
      parseCron('0 0 0 L * *');
      expect.fail('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(CronError);
      expect((e as CronError).unsupported).toBe(true);
    }
    // month and day names containing those letters are still names
    expect(() => parseCron('0 0 0 * JUL WED')).not.toThrow();
  });
});
