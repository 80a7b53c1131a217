/** The signed-in user's token, kept in localStorage so reloads and deep links stay signed in. */
export interface Session {
  username: string;
  token: string;
  expiresAt: string;
  roles: string[];
}

const KEY = 'iotp.session';
type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

/** Who was signed in last in this tab, so a login after expiry needs only the password. */
export function lastUsername(): string {
  try {
    return globalThis.sessionStorage?.getItem('iotp.lastUser') ?? '';
  } catch {
    return '';
  }
}

export function setSession(session: Session | null): void {
  try {
    if (current && !session) globalThis.sessionStorage?.setItem('iotp.lastUser', current.username);
  } catch {
    // see below
  }
  current = session;
  try {
    if (session) globalThis.localStorage?.setItem(KEY, JSON.stringify(session));
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // storage can be unavailable (private mode); the session then lives for this tab only
  }
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isAdmin(session: Session | null): boolean {
  return !!session?.roles.includes('ADMIN');
}
