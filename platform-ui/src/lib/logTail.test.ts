import { describe, expect, it } from 'vitest';
import { atBottom, EMPTY_TAIL, tailReducer, waitingCount, type TailAction, type TailState } from './logTail';
import type { LogEntry } from './types';

const line = (n: number) => ({ id: `l${n}`, time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), kind: 'app', source: 'app', level: 'INFO', message: `line ${n}` }) as LogEntry;
const ids = (list: LogEntry[]) => list.map((l) => l.id);
const run = (max: number, actions: TailAction[], from: TailState = EMPTY_TAIL) => actions.reduce(tailReducer(max), from);

describe('log tail', () => {
  it('shows a page oldest first, older pages above it, live lines below', () => {
    const s = run(10, [
      { type: 'loaded', newestFirst: [line(5), line(4), line(3)] },
      { type: 'older', newestFirst: [line(2), line(1)] },
      { type: 'arrived', entry: line(6) },
    ]);
    expect(ids(s.lines)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5', 'l6']);
  });

  it('ignores a line it already shows or holds', () => {
    const shown = run(10, [{ type: 'loaded', newestFirst: [line(2), line(1)] }, { type: 'arrived', entry: line(2) }, { type: 'older', newestFirst: [line(1), line(0)] }]);
    expect(ids(shown.lines)).toEqual(['l0', 'l1', 'l2']);
    const held = run(10, [{ type: 'pause' }, { type: 'arrived', entry: line(3) }, { type: 'arrived', entry: line(3) }], shown);
    expect(waitingCount(held)).toBe(1);
  });

  it('keeps the newest lines once live lines fill the list', () => {
    const s = run(3, [{ type: 'loaded', newestFirst: [line(2), line(1)] }, { type: 'arrived', entry: line(3) }, { type: 'arrived', entry: line(4) }]);
    expect(ids(s.lines)).toEqual(['l2', 'l3', 'l4']);
  });

  it('buffers and counts lines while paused, and appends them on resume', () => {
    const paused = run(10, [{ type: 'loaded', newestFirst: [line(1)] }, { type: 'pause' }, { type: 'arrived', entry: line(2) }, { type: 'arrived', entry: line(3) }]);
    expect(ids(paused.lines)).toEqual(['l1']);
    expect(waitingCount(paused)).toBe(2);
    const resumed = run(10, [{ type: 'resume' }], paused);
    expect(ids(resumed.lines)).toEqual(['l1', 'l2', 'l3']);
    expect(resumed).toMatchObject({ waiting: [], dropped: 0, paused: false });
  });

  it('keeps only the newest lines in a full buffer but still counts every waiting line', () => {
    const paused = run(2, [{ type: 'pause' }, ...[1, 2, 3, 4, 5].map((n) => ({ type: 'arrived', entry: line(n) }) as TailAction)]);
    expect(ids(paused.waiting)).toEqual(['l4', 'l5']);
    expect(waitingCount(paused)).toBe(5);
    expect(ids(run(2, [{ type: 'resume' }], paused).lines)).toEqual(['l4', 'l5']);
  });

  it('stays paused across a reload of the list, dropping what waited for the old one', () => {
    const s = run(10, [{ type: 'pause' }, { type: 'arrived', entry: line(9) }, { type: 'loaded', newestFirst: [line(2)] }]);
    expect(s).toMatchObject({ paused: true, waiting: [], dropped: 0 });
    expect(ids(s.lines)).toEqual(['l2']);
  });

  it('knows when a box is scrolled to its end', () => {
    expect(atBottom({ scrollTop: 600, clientHeight: 400, scrollHeight: 1000 })).toBe(true);
    expect(atBottom({ scrollTop: 590.5, clientHeight: 400, scrollHeight: 1000 })).toBe(true);
    expect(atBottom({ scrollTop: 500, clientHeight: 400, scrollHeight: 1000 })).toBe(false);
    expect(atBottom({ scrollTop: 0, clientHeight: 400, scrollHeight: 300 })).toBe(true);
  });
});
