import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from './api';
import { ErrorView, Loading } from './components';
import { canAnalyse, canFinance, whoIs } from './identity';
import { ConversionPage, ConversionsPage } from './pages/conversions';
import { DisputesPage, MyDisputesPage } from './pages/disputes';
import { AdjustmentsPage, VerifyPage } from './pages/ledger';
import { OverviewPage } from './pages/overview';
import { PartnerPage, PartnersPage } from './pages/partners';
import { PayoutRunPage, PayoutRunsPage } from './pages/payout-runs';
import { PortalConversions, PortalDeals, PortalHome, PortalStatement } from './pages/portal';
import { ReportsPage } from './pages/reports';
import { RiskPage } from './pages/risk';
import { SimulationsPage } from './pages/simulations';
import { WebhookDeliveriesPage, WebhooksPage } from './pages/webhooks';
import { Link, match, navigate, useLocation } from './router';
import { forgetKey, storedKey, storeKey } from './session';
import type { Me, Role } from './types';

interface NavItem {
  to: string;
  label: string;
  /** Its issue is still open: the place is kept, the page says so. */
  coming?: boolean;
}

function navigationFor(me: Me): NavItem[] {
  const items: NavItem[] = [];
  if (me.role === 'partner') {
    return [
      { to: '/portal', label: 'My portal' },
      { to: '/portal/statement', label: 'Statement' },
      { to: '/portal/conversions', label: 'Conversions' },
      { to: '/portal/deals', label: 'Deals' },
      { to: '/disputes', label: 'Disputes' },
    ];
  }
  if (canFinance(me.role)) items.push({ to: '/', label: 'Overview' });
  if (canAnalyse(me.role)) {
    items.push({ to: '/partners', label: 'Partners' }, { to: '/conversions', label: 'Conversions' });
  }
  if (canFinance(me.role)) {
    items.push({ to: '/payout-runs', label: 'Payout runs' }, { to: '/adjustments', label: 'Adjustments' });
  }
  if (canAnalyse(me.role)) items.push({ to: '/reports', label: 'Reports' }, { to: '/simulations', label: 'Simulations' });
  if (canFinance(me.role)) {
    items.push({ to: '/verify', label: 'Verification' }, { to: '/risk', label: 'Risk' }, { to: '/disputes', label: 'Disputes' });
  }
  if (me.role === 'admin') items.push({ to: '/webhooks', label: 'Webhooks' });
  return items;
}

function roleLabel(me: Me): string {
  return me.role === 'partner' ? `partner ${me.partnerId ?? ''}`.trim() : me.role;
}

export function App() {
  const [key, setKey] = useState(storedKey);
  const queryClient = useQueryClient();
  const signOut = () => {
    forgetKey();
    queryClient.clear();
    setKey(null);
    navigate('/', { replace: true });
  };
  if (!key) return <SignIn onSignedIn={(k) => setKey(k)} />;
  return <SignedIn apiKey={key} onSignOut={signOut} />;
}

function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = value.trim();
    if (!key) {
      setError(new ApiError(400, 'paste an API key', [{ path: 'key', message: 'is required' }], ''));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await whoIs(key);
      storeKey(key);
      onSignedIn(key);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Partner ledger</h1>
      <form onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          autoFocus
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" className="help">
          Paste the key you were given (the admin key printed by the first <code>npm start</code>, or one from <code>API_KEYS</code>). It
          stays in this browser tab only and is forgotten when the tab closes.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      {error !== null && <ErrorView error={error} what="who this key is" />}
    </main>
  );
}

function SignedIn({ apiKey, onSignOut }: { apiKey: string; onSignOut: () => void }) {
  const me = useQuery({ queryKey: ['me', apiKey], queryFn: () => whoIs(apiKey), staleTime: Infinity });
  if (me.isPending) return <Loading what="your role" />;
  if (me.isError) {
    return (
      <main className="sign-in">
        <ErrorView error={me.error} what="who this key is" />
        <button type="button" onClick={onSignOut}>
          Sign in with another key
        </button>
      </main>
    );
  }
  const items = navigationFor(me.data);
  return (
    <div className="shell">
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header>
        <span className="brand">Partner ledger</span>
        <nav aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who" data-testid="role">
          {roleLabel(me.data)}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="content" tabIndex={-1}>
        <Routes me={me.data} items={items} />
      </main>
    </div>
  );
}

function NotHere({ children }: { children: ReactNode }) {
  return (
    <div className="error" role="alert">
      <p>{children}</p>
    </div>
  );
}

function Routes({ me, items }: { me: Me; items: NavItem[] }) {
  const { path } = useLocation();
  const role: Role = me.role;
  const coming = items.find((item) => item.coming && item.to === path);
  if (coming) {
    return (
      <>
        <h1>{coming.label}</h1>
        <p className="empty">Coming with its issue: this place in the navigation is kept for it.</p>
      </>
    );
  }
  if (role === 'partner') {
    const partnerId = me.partnerId;
    if (!partnerId) return <NotHere>The API did not say which partner this key belongs to (GET /v1/me is not available yet).</NotHere>;
    if (path === '/' || path === '/portal') return <PortalHome partnerId={partnerId} />;
    if (path === '/portal/statement') return <PortalStatement partnerId={partnerId} />;
    if (path === '/portal/conversions') return <PortalConversions partnerId={partnerId} />;
    if (path === '/portal/deals') return <PortalDeals partnerId={partnerId} />;
    if (path === '/disputes') return <MyDisputesPage />;
    return <NotHere>This page is not part of your portal.</NotHere>;
  }
  if (role === 'ingest') return <NotHere>An ingest key sends events to POST /v1/events; the console has no pages for it.</NotHere>;
  const finance = canFinance(role);
  let params: Record<string, string> | null;
  if (path === '/') return finance ? <OverviewPage /> : <ReportsPage />;
  if (path === '/partners') return <PartnersPage />;
  if ((params = match('/partners/:id', path))) return <PartnerPage partnerId={params.id} finance={finance} />;
  if (path === '/conversions') return <ConversionsPage />;
  if ((params = match('/conversions/:id', path))) return <ConversionPage conversionId={params.id} />;
  if (path === '/reports') return <ReportsPage />;
  if (path === '/simulations') return <SimulationsPage finance={finance} />;
  if (finance) {
    if (path === '/payout-runs') return <PayoutRunsPage />;
    if ((params = match('/payout-runs/:id', path))) return <PayoutRunPage runId={params.id} />;
    if (path === '/adjustments') return <AdjustmentsPage />;
    if (path === '/verify') return <VerifyPage />;
    if (path === '/risk') return <RiskPage />;
    if (path === '/disputes') return <DisputesPage />;
  }
  if (role === 'admin') {
    if (path === '/webhooks') return <WebhooksPage />;
    if ((params = match('/webhooks/:id', path))) return <WebhookDeliveriesPage webhookId={params.id} />;
  }
  return <NotHere>There is no page here for the role {role}.</NotHere>;
}
