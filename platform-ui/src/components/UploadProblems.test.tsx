import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { groupProblems, UploadProblems } from './UploadProblems';

const problems = [
  { path: 'services/api/config.json', message: "unknown runtime 'cobol'" },
  { path: '', message: 'the archive has no appConfig.json' },
  { path: 'appConfig.json#/name', message: 'does not match [a-z][a-z0-9-]{1,38}' },
  { path: 'services/api/config.json', message: 'instances.min is above instances.max' },
];

describe('upload problems', () => {
  it('groups by path, archive-level problems first, then by path', () => {
    expect(groupProblems(problems)).toEqual([
      { path: '(the archive)', messages: ['the archive has no appConfig.json'] },
      { path: 'appConfig.json', messages: ['/name: does not match [a-z][a-z0-9-]{1,38}'] },
      { path: 'services/api/config.json', messages: ["unknown runtime 'cobol'", 'instances.min is above instances.max'] },
    ]);
  });

  it('shows every problem next to its path, as text', () => {
    const html = renderToStaticMarkup(<UploadProblems problems={problems} fileName="broken.zip" />);
    expect(html).toContain('4 problems');
    expect(html).toContain('<code>broken.zip</code>');
    expect(html).toMatch(/data-path="services\/api\/config.json"><code class="path">services\/api\/config.json<\/code><ul><li>unknown runtime &#x27;cobol&#x27;<\/li><li>instances.min is above instances.max<\/li>/);
    expect(html).not.toContain('{"path"');
  });

  it('says one problem in the singular', () => {
    expect(renderToStaticMarkup(<UploadProblems problems={[problems[0]]} />)).toContain('1 problem in the archive');
  });
});
