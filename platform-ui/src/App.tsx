import { lazy, Suspense, useEffect, useSyncExternalStore, type ComponentType, type LazyExoticComponent } from 'react';
import { api, onSessionExpired } from './lib/api';
import { Link, match, navigate, useLocation } from './lib/router';
import { getSession, isAdmin, subscribeSession } from './lib/session';
import { Loading } from './components/Status';
import { LoginPage, RegisterPage } from './pages/AuthPages';

type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
interface Route {
  pattern: string;
  page: Page;
  title: string;
  admin?: boolean;
}

// Every signed-in page is its own chunk: the first load carries only the shell and the login pages.
const routes: Route[] = [
  { pattern: '/', page: lazy(() => import('./pages/DashboardPage')), title: 'Dashboard' },
  { pattern: '/contract', page: lazy(() => import('./pages/ContractPage')), title: 'Contract' },
  { pattern: '/upload', page: lazy(() => import('./pages/UploadPage')), title: 'Upload an app' },
  { pattern: '/app/:id', page: lazy(() => import('./pages/AppPage')), title: 'App' },
  { pattern: '/deployments/:id', page: lazy(() => import('./pages/DeploymentPage')), title: 'Deployment' },
  { pattern: '/logs', page: lazy(() => import('./pages/LogsPage')), title: 'Logs' },
  { pattern: '/sensors', page: lazy(() => import('./pages/SensorsPage')), title: 'Sensors' },
  { pattern: '/sensors/:id', page: lazy(() => import('./pages/SensorPage')), title: 'Sensor' },
  { pattern: '/admin', page: lazy(() => import('./pages/AdminHealthPage')), title: 'Platform health', admin: true },
  { pattern: '/admin/alerts', page: lazy(() => import('./pages/AdminAlertsPage')), title: 'Alerts', admin: true },
  { pattern: '/admin/nodes', page: lazy(() => import('./pages/AdminNodesPage')), title: 'Nodes', admin: true },
  { pattern: '/admin/users', page: lazy(() => import('./pages/AdminUsersPage')), title: 'Users', admin: true },
];

// /apps/<name>/ belongs to the deployed apps themselves (the gateway routes it), so an app's page in
// the UI is /app/<id>. The gateway serves index.html for exactly these top-level paths (UiRoutes).

function useSession() {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

function here(): string {
  return window.location.pathname + window.location.search;
}

export function App() {
  const session = useSession();
  const { path, query } = useLocation();

  useEffect(() => {
    onSessionExpired(() => navigate(`/login?expired=1&next=${encodeURIComponent(here())}`, { replace: true }));
  }, []);

  // Refresh the token a minute before it expires; if that fails the user signs in again.
  useEffect(() => {
    if (!session) return;
    const wait = new Date(session.expiresAt).getTime() - Date.now() - 60_000;
    const timer = setTimeout(() => {
      api.refresh().catch(() => navigate(`/login?expired=1&next=${encodeURIComponent(here())}`, { replace: true }));
    }, Math.max(wait, 1_000));
    return () => clearTimeout(timer);
  }, [session]);

  const publicPage = path === '/login' ? LoginPage : path === '/register' ? RegisterPage : null;
  const found = routes.map((r) => ({ route: r, params: match(r.pattern, path) })).find((m) => m.params);

  useEffect(() => {
    // a page about one thing is named after it first: "greenhouse · App · IoT Platform"
    const page = publicPage ? (path === '/login' ? 'Sign in' : 'Register') : found?.route.title ?? 'Page not found';
    const thing = !publicPage && found?.params?.id ? `${found.params.id} · ` : '';
    document.title = `${thing}${page} · IoT Platform`;
  }, [path, publicPage, found]);

  useEffect(() => {
    if (!publicPage && !session) navigate(`/login?next=${encodeURIComponent(here())}`, { replace: true });
  }, [publicPage, session, path]);

  if (publicPage) {
    const P = publicPage;
    return (
      <main id="main" className="auth-main">
        <P next={query.get('next') ?? '/'} expired={query.get('expired') === '1'} registered={query.get('registered')} />
      </main>
    );
  }
  if (!session) return null;

  let content;
  if (!found) content = <NotFound />;
  else if (found.route.admin && !isAdmin(session)) content = <p role="alert">This page is for platform administrators.</p>;
  else {
    const P = found.route.page;
    content = <P params={found.params!} />;
  }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header admin={isAdmin(session)} username={session.username} path={path} />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{content}</Suspense>
      </main>
    </>
  );
}

function Header({ admin, username, path }: { admin: boolean; username: string; path: string }) {
  const links: [string, string][] = [
    ['/', 'Dashboard'],
    ['/upload', 'Upload'],
    ['/logs', 'Logs'],
    ['/sensors', 'Sensors'],
    ['/contract', 'Contract'],
  ];
  if (admin) links.push(['/admin', 'Health'], ['/admin/alerts', 'Alerts'], ['/admin/nodes', 'Nodes'], ['/admin/users', 'Users']);
  const current = (to: string) => (to === '/' ? path === '/' || path.startsWith('/app/') || path.startsWith('/deployments/') : path === to || (to !== '/admin' && path.startsWith(to + '/')));
  return (
    <header className="top">
      <Link to="/" className="brand">
        IoT Platform
      </Link>
      <nav aria-label="Main">
        <ul>
          {links.map(([to, label]) => (
            <li key={to}>
              <Link to={to} aria-current={current(to) ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="who">
        <span>
          <span className="visually-hidden">Signed in as </span>
          {username}
        </span>
        <button type="button" className="link" onClick={() => api.logout().finally(() => navigate('/login'))}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page here. Go to the <Link to="/">dashboard</Link>.
      </p>
    </section>
  );
}
