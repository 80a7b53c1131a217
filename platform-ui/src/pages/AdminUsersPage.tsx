import { useState } from 'react';
import { api } from '../lib/api';
import { asProblem, type ApiProblem } from '../lib/problem';
import { getSession } from '../lib/session';
import { useResource } from '../lib/useResource';
import type { User } from '../lib/types';
import { ProblemView, Resource } from '../components/Status';

const ROLES = ['ADMIN', 'DEVELOPER'];

/** Users with their roles; an admin changes roles or removes users. */
export default function AdminUsersPage() {
  const users = useResource((signal) => api.get<User[]>('/api/users', { signal }), []);
  const [problem, setProblem] = useState<ApiProblem>();
  const [confirm, setConfirm] = useState<string>();
  const me = getSession()?.username;

  async function act(action: Promise<unknown>) {
    setProblem(undefined);
    try {
      await action;
      users.reload();
    } catch (e) {
      setProblem(asProblem(e));
    }
  }

  return (
    <>
      <h1>Users</h1>
      <p className="muted">Role changes take effect at the user's next sign-in or token refresh.</p>
      {problem && <ProblemView problem={problem} />}
      <Resource state={users} what="Loading users" empty={(l) => l.length === 0 && 'No users.'}>
        {(list) => (
          <div className="table-wrap">
            <table data-testid="users">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Email</th>
                  {ROLES.map((r) => (
                    <th scope="col" key={r}>
                      {r}
                    </th>
                  ))}
                  <th scope="col">Remove</th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.username}>
                    <td>{u.username}</td>
                    <td>{u.email ?? '—'}</td>
                    {ROLES.map((r) => (
                      <td key={r}>
                        <input
                          type="checkbox"
                          aria-label={`${u.username} has role ${r}`}
                          checked={u.roles.includes(r)}
                          onChange={(e) =>
                            act(api.put(`/api/users/${encodeURIComponent(u.username)}/roles`, { roles: e.target.checked ? [...u.roles, r] : u.roles.filter((x) => x !== r) }))
                          }
                        />
                      </td>
                    ))}
                    <td>
                      {u.username === me ? (
                        <span className="muted">you</span>
                      ) : confirm === u.username ? (
                        <button type="button" className="danger" onClick={() => act(api.del(`/api/users/${encodeURIComponent(u.username)}`))}>
                          Yes, remove {u.username}
                        </button>
                      ) : (
                        <button type="button" className="secondary" onClick={() => setConfirm(u.username)}>
                          Remove…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Resource>
    </>
  );
}
