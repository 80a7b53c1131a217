import { useRef } from 'react';
import { api } from './api';
import { mergeReadings, rangeOf, type RangeKey, type TimedReading } from './chart';
import { queryString } from './router';
import type { Page } from './types';
import { useResource } from './useResource';

/**
 * A sensor's readings over a time window that moves with the clock: loaded from the history once,
 * then extended with what arrived since, every poll.
 */
export interface ReadingWindow<R extends TimedReading> {
  readings: R[];
  /** the window, in epoch milliseconds */
  from: number;
  to: number;
  /** whether the window held more readings than the chart keeps (the newest are kept) */
  truncated: boolean;
}

const PAGE = 1000; // the history's largest page
const MAX_PAGES = 5;
export const MAX_POINTS = PAGE * MAX_PAGES;
// readings can be stored slightly out of order; each poll looks back this far behind the newest held
const LOOK_BACK_MS = 30_000;

export type Get = <T>(path: string, signal: AbortSignal) => Promise<T>;

const iso = (ms: number) => new Date(ms).toISOString();

function windowOf<R extends TimedReading>(readings: R[], from: number, now: number, truncated: boolean): ReadingWindow<R> {
  const newest = readings.length ? Date.parse(readings[readings.length - 1].ts) : now;
  return { readings, from, to: Math.max(now, newest), truncated };
}

/** The last `rangeMs` of the history (pages come newest first), up to MAX_POINTS readings. */
export async function loadWindow<R extends TimedReading>(get: Get, dataPath: string, rangeMs: number, now: number, signal: AbortSignal): Promise<ReadingWindow<R>> {
  const from = now - rangeMs;
  let readings: R[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await get<Page<R>>(`${dataPath}${queryString({ from: iso(from), limit: PAGE, cursor })}`, signal);
    readings = mergeReadings(readings, page.items, from, MAX_POINTS);
    cursor = page.next ?? undefined;
    if (!cursor) return windowOf(readings, from, now, false);
  }
  return windowOf(readings, from, now, true);
}

/** The window moved on to `now`: what arrived since the newest reading held, merged in; what slid out, dropped. */
export async function advanceWindow<R extends TimedReading>(get: Get, dataPath: string, held: ReadingWindow<R>, rangeMs: number, now: number, signal: AbortSignal): Promise<ReadingWindow<R>> {
  const from = now - rangeMs;
  const newest = held.readings.length ? Date.parse(held.readings[held.readings.length - 1].ts) : from;
  const since = Math.max(from, newest - LOOK_BACK_MS);
  const page = await get<Page<R>>(`${dataPath}${queryString({ from: iso(since), limit: PAGE })}`, signal);
  return windowOf(mergeReadings(held.readings, page.items, from, MAX_POINTS), from, now, held.truncated);
}

/** The window of a sensor's readings over the chosen range, advanced every 2 s. */
export function useReadingWindow<R extends TimedReading>(sensorPath: string, range: RangeKey) {
  const held = useRef<{ key: string; window: ReadingWindow<R> }>(undefined);
  const get: Get = (path, signal) => api.get(path, { signal });
  return useResource(
    async (signal) => {
      const key = `${sensorPath} ${range}`;
      const ms = rangeOf(range).ms;
      const dataPath = `${sensorPath}/data`;
      const previous = held.current?.key === key ? held.current.window : undefined;
      const window = previous ? await advanceWindow(get, dataPath, previous, ms, Date.now(), signal) : await loadWindow<R>(get, dataPath, ms, Date.now(), signal);
      held.current = { key, window };
      return window;
    },
    [sensorPath, range],
    2_000,
  );
}
