import type { FieldProblem } from '../lib/problem';

/**
 * Groups a rejected upload's problems by their file in the archive, archive-level ones first. A path
 * such as `appConfig.json#/name` points into a file: the file is the group, the pointer goes with the
 * message.
 */
export function groupProblems(problems: FieldProblem[]): { path: string; messages: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const p of problems) {
    const full = p.path?.trim() ?? '';
    const hash = full.indexOf('#');
    const path = (hash < 0 ? full : full.slice(0, hash)) || '(the archive)';
    const pointer = hash < 0 ? '' : full.slice(hash + 1);
    const message = pointer && pointer !== '/' ? `${pointer}: ${p.message}` : p.message;
    groups.set(path, [...(groups.get(path) ?? []), message]);
  }
  return [...groups.entries()]
    .map(([path, messages]) => ({ path, messages }))
    .sort((a, b) => (a.path === '(the archive)' ? -1 : b.path === '(the archive)' ? 1 : a.path.localeCompare(b.path)));
}

export function UploadProblems({ problems, fileName }: { problems: FieldProblem[]; fileName?: string }) {
  const groups = groupProblems(problems);
  const count = problems.length;
  return (
    <section className="upload-problems" aria-labelledby="upload-problems-title">
      <h2 id="upload-problems-title">
        {count === 1 ? '1 problem' : `${count} problems`} {fileName ? <>in <code>{fileName}</code></> : 'in the archive'}
      </h2>
      <ul>
        {groups.map((g) => (
          <li key={g.path} data-path={g.path}>
            <code className="path">{g.path}</code>
            <ul>
              {g.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
