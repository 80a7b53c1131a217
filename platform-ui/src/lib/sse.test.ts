import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

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
