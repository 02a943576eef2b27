import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setUnauthenticatedHandler, type Me, type User } from './api.ts';
import { ErrorMessage, FormatContext, Loading, SessionContext } from './components/common.tsx';
import { TopBar } from './components/TopBar.tsx';
import { useRoute } from './components/useRoute.ts';
import { isLang, makeFormatter } from './format.ts';
import { readSetting, setLanguage, storedLanguage, writeSetting } from './i18n/index.ts';
import { href, navigate, type Route } from './router.ts';
import { clearTreeCache, Home } from './screens/Home.tsx';
import { Login } from './screens/Login.tsx';
import { MeetingPage } from './screens/Meeting.tsx';
import { NodePage } from './screens/Node.tsx';
import { ShgPage } from './screens/Shg.tsx';

// Office screens that print: loaded only when opened.
const ReportView = lazy(() => import('./screens/ReportView.tsx'));
const Passbook = lazy(() => import('./screens/Passbook.tsx'));
// The micro-business programme's screens (need-to-know cases): loaded only when opened.
const CasesPage = lazy(() => import('./screens/micro-business/Cases.tsx'));
const CasePage = lazy(() => import('./screens/micro-business/CasePage.tsx'));
// Requests waiting for a second person (maker–checker).
const ApprovalsPage = lazy(() => import('./screens/approvals/Approvals.tsx'));

type Session = { status: 'loading' } | { status: 'anonymous' } | { status: 'failed'; error: unknown } | { status: 'signed-in'; me: Me };

const digitsKey = (user: User) => `khata.nativeDigits.${String(user.id)}`;

export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const [session, setSession] = useState<Session>({ status: 'loading' });
  const [nativeDigits, setNativeDigitsState] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const lang = isLang(i18n.language) ? i18n.language : 'en';
  const mainRef = useRef<HTMLElement>(null);

  const signedIn = useCallback((me: Me) => {
    setNativeDigitsState(readSetting(digitsKey(me.user)) === 'true');
    // The user's own language applies unless someone chose one on this device.
    if (!storedLanguage() && isLang(me.user.language)) void setLanguage(me.user.language, { remember: false }).catch(() => undefined);
    setSession({ status: 'signed-in', me });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      clearTreeCache();
      setSession({ status: 'anonymous' });
    });
    return () => setUnauthenticatedHandler(undefined);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setSession({ status: 'loading' });
    api.me({ signal: controller.signal }).then(signedIn, (error: unknown) => {
      if (controller.signal.aborted) return;
      const status = (error as { status?: number }).status;
      setSession(status === 401 ? { status: 'anonymous' } : { status: 'failed', error });
    });
    return () => controller.abort();
  }, [attempt, signedIn]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, lang]);

  // A new screen starts at the top, with focus on its content for keyboard and screen-reader users.
  useEffect(() => {
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [route]);

  // Signed in and still on #/login: go home.
  useEffect(() => {
    if (session.status === 'signed-in' && route.name === 'login') navigate({ name: 'home' }, { replace: true });
  }, [session.status, route.name]);

  const fmt = useMemo(() => makeFormatter(lang, nativeDigits), [lang, nativeDigits]);

  const setNativeDigits = (on: boolean) => {
    if (session.status === 'signed-in') writeSetting(digitsKey(session.me.user), String(on));
    setNativeDigitsState(on);
  };

  const logout = async () => {
    try {
      await api.logout();
    } catch {
      // The session may already be gone; either way this screen forgets it.
    }
    clearTreeCache();
    setSession({ status: 'anonymous' });
    navigate({ name: 'home' }, { replace: true });
  };

  const onLogin = async (user: User) => {
    try {
      signedIn(await api.me());
    } catch {
      signedIn({ user, roles: [] });
    }
  };

  const user = session.status === 'signed-in' ? session.me.user : undefined;
  return (
    <FormatContext.Provider value={fmt}>
      <SessionContext.Provider value={session.status === 'signed-in' ? session.me : undefined}>
        <a className="skip-link no-print" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
          {t('nav.skipToContent')}
        </a>
        <TopBar user={user} nativeDigits={nativeDigits} onNativeDigits={setNativeDigits} onLogout={() => void logout()} />
        <main id="main" ref={mainRef} tabIndex={-1}>
          {session.status === 'loading' && <Loading />}
          {session.status === 'failed' && <ErrorMessage error={session.error} onRetry={() => setAttempt((n) => n + 1)} />}
          {session.status === 'anonymous' && <Login onSignedIn={(u) => void onLogin(u)} />}
          {session.status === 'signed-in' && (
            <Suspense fallback={<Loading />}>
              <Screen route={route} />
            </Suspense>
          )}
        </main>
      </SessionContext.Provider>
    </FormatContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.name) {
    case 'home':
    case 'login':
      return <Home />;
    case 'shg':
      return <ShgPage key={route.shgId} shgId={route.shgId} tab={route.tab} />;
    case 'meeting':
      return <MeetingPage shgId={route.shgId} meetingId={route.meetingId} />;
    case 'report':
      if (route.report === 'passbook' && route.params.memberId) {
        const { memberId, ...params } = route.params;
        return <Passbook shgId={route.shgId} memberId={memberId} params={params} />;
      }
      return <ReportView shgId={route.shgId} name={route.report} params={route.params} />;
    case 'node':
      return <NodePage key={route.nodeId} nodeId={route.nodeId} section={route.section} params={route.params} />;
    case 'passbook':
      return <Passbook shgId={route.shgId} memberId={route.memberId} params={route.params} />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'cases':
      return <CasesPage />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} />;
    case 'not-found':
      return (
        <section>
          <h1>{t('notFound.title')}</h1>
          <p>
            <a href={href({ name: 'home' })}>{t('nav.home')}</a>
          </p>
        </section>
      );
  }
}
