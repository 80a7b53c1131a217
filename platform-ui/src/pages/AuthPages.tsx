import { useState, type FormEvent } from 'react';
import { api } from '../lib/api';
import { asProblem, type ApiProblem } from '../lib/problem';
import { Link, navigate } from '../lib/router';
import { lastUsername } from '../lib/session';
import { ProblemView } from '../components/Status';

interface Props {
  next: string;
  expired: boolean;
  registered: string | null;
}

/** Only same-site paths, so a crafted ?next= cannot send the user elsewhere. */
function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') && !next.startsWith('/register') ? next : '/';
}

export function LoginPage({ next, expired, registered }: Props) {
  const [username, setUsername] = useState(registered ?? (expired ? lastUsername() : ''));
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api.login(username.trim(), password);
      navigate(safeNext(next), { replace: true });
    } catch (err) {
      setProblem(asProblem(err));
      setBusy(false);
    }
  }

  return (
    <section className="auth card">
      <h1>Sign in</h1>
      {expired && !problem && (
        <p className="notice" role="status">
          Your session has expired. Sign in again to continue where you were.
        </p>
      )}
      {registered && !problem && (
        <p className="notice" role="status">
          Account <strong>{registered}</strong> created. Sign in with your password.
        </p>
      )}
      <form onSubmit={submit}>
        <label>
          Username
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus={!username} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={!!username} />
        </label>
        {problem && <ProblemView problem={problem} />}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to={`/register${next !== '/' ? '?next=' + encodeURIComponent(next) : ''}`}>Create an account</Link>
      </p>
    </section>
  );
}

export function RegisterPage({ next }: Props) {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const nameOk = /^[a-z][a-z0-9._-]{2,31}$/.test(username);
  const passwordHint =
    password.length > 0 && password.length < 10
      ? 'At least 10 characters.'
      : password && username && password.toLowerCase().includes(username.toLowerCase())
        ? 'The password must not contain the username.'
        : '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!nameOk || passwordHint) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await api.post('/api/auth/register', { username, password, email });
      navigate(`/login?registered=${encodeURIComponent(username)}${next !== '/' ? '&next=' + encodeURIComponent(next) : ''}`, { replace: true });
    } catch (err) {
      setProblem(asProblem(err));
      setBusy(false);
    }
  }

  return (
    <section className="auth card">
      <h1>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <label>
          Username
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby="username-help" aria-invalid={username !== '' && !nameOk} autoFocus />
        </label>
        <small id="username-help" className={username !== '' && !nameOk ? 'field-error' : 'muted'}>
          3–32 characters: a lowercase letter first, then lowercase letters, digits, dot, dash or underscore.
        </small>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="password-help" aria-invalid={!!passwordHint} />
        </label>
        <small id="password-help" className={passwordHint ? 'field-error' : 'muted'}>
          {passwordHint || '10–128 characters, not containing your username.'}
        </small>
        {problem && <ProblemView problem={problem} />}
        <button type="submit" disabled={busy || !nameOk || !!passwordHint || !password || !email}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already registered? <Link to="/login">Sign in</Link>
      </p>
    </section>
  );
}
