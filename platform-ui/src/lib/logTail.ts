import type { LogEntry } from './types';

/**
 * The logs page's list in terminal order (oldest at the top, newest at the bottom) with the live
 * tail's pause: while paused, arriving lines wait in a buffer and are counted; resuming appends them.
 * The API pages newest first, so pages are reversed on the way in.
 */
export interface TailState {
  /** shown, oldest first */
  lines: LogEntry[];
  /** arrived while paused, oldest first; at most the shown maximum (older ones are dropped) */
  waiting: LogEntry[];
  /** lines that arrived while paused and were dropped because newer ones filled the buffer */
  dropped: number;
  paused: boolean;
}

export type TailAction =
  | { type: 'loaded'; newestFirst: LogEntry[] }
  | { type: 'older'; newestFirst: LogEntry[] }
  | { type: 'arrived'; entry: LogEntry }
  | { type: 'pause' }
  | { type: 'resume' };

export const EMPTY_TAIL: TailState = { lines: [], waiting: [], dropped: 0, paused: false };

/** The reducer; once the list holds `max` lines, each arriving line pushes the oldest out. */
export function tailReducer(max: number) {
  return (state: TailState, action: TailAction): TailState => {
    switch (action.type) {
      case 'loaded':
        return { ...EMPTY_TAIL, paused: state.paused, lines: [...action.newestFirst].reverse() };
      case 'older': {
        const known = new Set(state.lines.map((l) => l.id));
        return { ...state, lines: [...[...action.newestFirst].reverse().filter((l) => !known.has(l.id)), ...state.lines] };
      }
      case 'arrived': {
        const id = action.entry.id;
        if (state.lines.some((l) => l.id === id) || state.waiting.some((l) => l.id === id)) return state;
        if (!state.paused) return { ...state, lines: keepLast([...state.lines, action.entry], max) };
        const waiting = [...state.waiting, action.entry];
        return waiting.length > max ? { ...state, waiting: waiting.slice(-max), dropped: state.dropped + waiting.length - max } : { ...state, waiting };
      }
      case 'pause':
        return state.paused ? state : { ...state, paused: true };
      case 'resume':
        if (!state.paused) return state;
        return { lines: keepLast([...state.lines, ...state.waiting], max), waiting: [], dropped: 0, paused: false };
    }
  };
}

function keepLast<T>(list: T[], max: number): T[] {
  return list.length > max ? list.slice(-max) : list;
}

/** How many lines wait while paused, counting those dropped from the full buffer. */
export function waitingCount(state: TailState): number {
  return state.waiting.length + state.dropped;
}

/** Whether a scrolled box shows its end, within a little slack for fractional pixels and zoom. */
export function atBottom(box: { scrollTop: number; clientHeight: number; scrollHeight: number }, slack = 24): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= slack;
}
