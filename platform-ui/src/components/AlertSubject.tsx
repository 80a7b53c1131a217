import { subjectLink, type SubjectLink } from '../lib/alerts';
import { Link } from '../lib/router';
import type { Alert } from '../lib/types';

const WHERE: Record<SubjectLink['what'], string> = {
  node: 'The node, on the nodes page',
  deployment: 'The deployment',
  instance: "The instance's deployment",
  app: 'The app',
  component: 'The component, on the health page',
};

/** What an alert is about, linked to its page in the console when it has one. */
export function AlertSubject({ alert }: { alert: Pick<Alert, 'kind' | 'subject' | 'group'> }) {
  const link = subjectLink(alert);
  if (!link) return <code className="subject">{alert.subject}</code>;
  return (
    <Link to={link.to} className="subject" title={WHERE[link.what]} data-subject={link.what}>
      {alert.subject}
    </Link>
  );
}
