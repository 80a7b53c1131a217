import { useEffect, useState } from 'react';
import { api } from './api';
import type { Page, Reading } from './types';

/** What the sensors list knows of a sensor's newest reading. */
export type Latest = { kind: 'loading' } | { kind: 'reading'; reading: Reading } | { kind: 'none' } | { kind: 'unknown' };

export const LOADING: Latest = { kind: 'loading' };
// a browser allows six connections per host; more would queue the page's other calls behind these
export const MAX_IN_FLIGHT = 6;
export const REFRESH_MS = 15_000;

export type Get = <T>(path: string, signal: AbortSignal) => Promise<T>;

/**
 * A sensor's newest reading, or null when it has none: the first of a one-reading history page
 * (newest first), the same reading `/data/latest` answers. That endpoint answers a sensor without
 * readings with a 404, and the browser logs every 404 as a console error whatever the page does
 * with it; an empty page is no error.
 */
export async function fetchLatest(get: Get, sensorId: string, signal: AbortSignal): Promise<Reading | null> {
  const page = await get<Page<Reading>>(`/api/sensors/${encodeURIComponent(sensorId)}/data?limit=1`, signal);
  return page.items[0] ?? null;
}

/** Runs `task` on every item, at most `limit` at once; a task's failure is its own, the rest go on. */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const visible = () => document.visibilityState === 'visible';

/**
 * The newest reading of each sensor, by id: fetched at most MAX_IN_FLIGHT at a time, each shown as
 * it comes, and again every REFRESH_MS while the page is visible. A failed refresh keeps what was
 * known; a sensor never fetched successfully is unknown.
 */
export function useLatestReadings(sensorIds: string[]): Record<string, Latest> {
  const [latest, setLatest] = useState<Record<string, Latest>>({});
  const key = sensorIds.join('\n');

  useEffect(() => {
    const ids = key ? key.split('\n') : [];
    const controller = new AbortController();
    const get: Get = (path, signal) => api.get(path, { signal });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;

    const fetchOne = async (id: string) => {
      let found: Latest;
      try {
        const reading = await fetchLatest(get, id, controller.signal);
        found = reading ? { kind: 'reading', reading } : { kind: 'none' };
      } catch {
        found = { kind: 'unknown' };
      }
      if (controller.signal.aborted) return;
      setLatest((old) => ({ ...old, [id]: found.kind === 'unknown' && old[id] ? old[id] : found }));
    };
    const refresh = async () => {
      running = true;
      await eachLimited(ids, MAX_IN_FLIGHT, fetchOne);
      running = false;
      if (!controller.signal.aborted && visible()) timer = setTimeout(refresh, REFRESH_MS);
    };
    // hidden, the page stops asking; shown again, it catches up at once (unless a round is still under way)
    const onVisibility = () => {
      clearTimeout(timer);
      if (visible() && !running) refresh();
    };

    refresh();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [key]);

  return latest;
}

/** The time, advanced every `everyMs`, so relative times ("12 s ago") move on between refreshes. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
