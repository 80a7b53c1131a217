import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { AlertSubject } from './AlertSubject';

describe('alert subject', () => {
  it('links a subject the console has a page for', () => {
    const html = renderToStaticMarkup(<AlertSubject alert={{ kind: 'deployment-failed', subject: 'd-0123456789ab' }} />);
    expect(html).toBe('<a class="subject" title="The deployment" data-subject="deployment" href="/deployments/d-0123456789ab">d-0123456789ab</a>');
  });

  it('shows any other subject as plain text', () => {
    expect(renderToStaticMarkup(<AlertSubject alert={{ kind: 'disk-full', subject: 'mongodb' }} />)).toBe('<code class="subject">mongodb</code>');
  });
});
