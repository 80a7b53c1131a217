import { describe, expect, it } from 'vitest';
import { lastSeen, REPORTING_WITHIN_MS, statusOf, valueSummary } from './sensorStatus';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('sensor status', () => {
  it('says how long ago the newest reading came, in the largest whole unit', () => {
    expect(lastSeen(ago(400), NOW)).toBe('just now');
    expect(lastSeen(ago(12_900), NOW)).toBe('12 s ago');
    expect(lastSeen(ago(59_999), NOW)).toBe('59 s ago');
    expect(lastSeen(ago(60_000), NOW)).toBe('1 min ago');
    expect(lastSeen(ago(3 * 60_000 + 30_000), NOW)).toBe('3 min ago');
    expect(lastSeen(ago(5 * 3_600_000), NOW)).toBe('5 h ago');
    expect(lastSeen(ago(50 * 3_600_000), NOW)).toBe('2 d ago');
  });

  it('says never without a reading, and just now for one stamped ahead of the clock', () => {
    expect(lastSeen(null, NOW)).toBe('never');
    expect(lastSeen(ago(-5_000), NOW)).toBe('just now');
    expect(lastSeen('not a time', NOW)).toBe('unknown');
  });

  it('is reporting up to the threshold, quiet after it, and without readings says so', () => {
    expect(statusOf(ago(1_000), NOW)).toBe('reporting');
    expect(statusOf(ago(REPORTING_WITHIN_MS), NOW)).toBe('reporting');
    expect(statusOf(ago(REPORTING_WITHIN_MS + 1), NOW)).toBe('quiet');
    expect(statusOf(ago(-5_000), NOW)).toBe('reporting');
    expect(statusOf(null, NOW)).toBe('no readings');
  });

  it("sums a reading up in the type's order with its units, numbers rounded", () => {
    const fields = [
      { name: 'temperature', unit: '°C' },
      { name: 'humidity', unit: '%' },
    ];
    expect(valueSummary({ humidity: 40, temperature: 21.4567 }, fields)).toBe('temperature 21.46 °C, humidity 40 %');
    expect(valueSummary({ temperature: 21.5, humidity: 40 })).toBe('temperature 21.5, humidity 40');
  });

  it('shows three fields at most, then an ellipsis, and clips long values', () => {
    expect(valueSummary({ a: 1, b: 2, c: 3, d: 4 })).toBe('a 1, b 2, c 3, …');
    expect(valueSummary({ open: true, label: 'a label much longer than a table cell wants', at: null })).toBe('open true, label a label much longer tha…, at —');
    expect(valueSummary({ position: { lat: 48.1, lon: 11.6 } })).toBe('position {"lat":48.1,"lon":11.6}');
  });

  it('has a dash for a reading without values', () => {
    expect(valueSummary({})).toBe('—');
    expect(valueSummary(undefined)).toBe('—');
  });
});
