import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';
import { numericSeries, linePath, extent } from './chart';

describe('SSE parsing', () => {
  it('yields named events split across chunks and skips comments', () => {
    const p = new SseParser();
    expect(p.push(':connected\n\nevent: log\ndata: {"id":')).toEqual([]);
    expect(p.push('"1"}\n\n:keep-alive\n\nevent:dropped\r\ndata:{"dropped":3}\r\n\r\n')).toEqual([
      { event: 'log', data: '{"id":"1"}', id: undefined },
      { event: 'dropped', data: '{"dropped":3}', id: undefined },
    ]);
  });

  it('joins multi-line data', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: undefined }]);
  });
});

describe('chart series', () => {
  it('keeps numeric values per field in time order', () => {
    const s = numericSeries([
      { ts: '2026-01-01T00:00:02Z', values: { t: 21.5, ok: true, label: 'x' } },
      { ts: '2026-01-01T00:00:01Z', values: { t: 20, h: 40 } },
    ]);
    expect([...s.keys()]).toEqual(['t', 'h']);
    expect(s.get('t')!.map((p) => p.v)).toEqual([20, 21.5]);
  });

  it('scales into the box and widens a flat range', () => {
    expect(extent([5, 5])).toEqual([4, 6]);
    expect(linePath([{ t: 0, v: 0 }, { t: 10, v: 10 }], 100, 50, [0, 10], [0, 10])).toBe('M0.0,50.0 L100.0,0.0');
  });
});
