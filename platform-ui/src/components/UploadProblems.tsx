import type { FieldProblem } from '../lib/problem';

/** Groups a rejected upload's problems by their path in the archive, archive-level ones first. */
export function groupProblems(problems: FieldProblem[]): { path: string; messages: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const p of problems) {
    const path = p.path?.trim() || '(the archive)';
    groups.set(path, [...(groups.get(path) ?? []), p.message]);
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
