import { describe, expect, it } from 'vitest';
import { match, splitHref } from './router';

describe('router', () => {
  it('splits an address into path, query and decoded fragment', () => {
    const { path, query, hash } = splitHref('/admin/alerts?show=all#al-1');
    expect([path, query.get('show'), hash]).toEqual(['/admin/alerts', 'all', 'al-1']);
    expect(splitHref('/admin#component-agent%20node%2F1').hash).toBe('component-agent node/1');
    expect(splitHref('/logs?q=a%23b').query.get('q')).toBe('a#b');
    expect(splitHref('/x#%E0%A4%A').hash).toBe('%E0%A4%A');
    expect(splitHref('/').hash).toBe('');
  });

  it('matches patterns with decoded parameters', () => {
    expect(match('/deployments/:id', '/deployments/d-1')).toEqual({ id: 'd-1' });
    expect(match('/admin/alerts', '/admin')).toBeNull();
  });
});
