/**
 * The offline field app for bookkeepers (#/field…). Phases: sign in once online → set a PIN → from then on the
 * PIN opens it, with or without a network. While open, the sync engine sends the outbox and pulls her groups.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { FormatContext, Loading } from '../components/common.tsx';
import { isLang, makeFormatter } from '../format.ts';
import { readSetting, setLanguage, storedLanguage, writeSetting } from '../i18n/index.ts';
import { SyncBadge } from './components.tsx';
import { FieldContext, type FieldContextValue } from './hooks.ts';
import type { Session } from './model.ts';
import { deviceTransport } from './remote.ts';
import { fieldHref, fieldNavigate, parseFieldHash, type FieldRoute } from './route.ts';
import { currentSession, hasPin, signOut as doSignOut } from './session.ts';
import { dexieSyncStore } from './store.ts';
import { SyncEngine } from './sync.ts';
import { SignIn } from './screens/SignIn.tsx';
import { PinSetup, PinUnlock } from './screens/Pin.tsx';
import { Groups } from './screens/Groups.tsx';
import { Attention } from './screens/Attention.tsx';
import { Settings } from './screens/Settings.tsx';
import { Icon } from './icons.tsx';

// Screens that run core's rules (meeting, schedules, the group's books): loaded when first opened, and fetched
// in the background once the app is open, so they are there offline too.
const loadBooksScreens = () => import('./screens/books-screens.tsx');
const GroupScreen = lazy(() => loadBooksScreens().then((m) => ({ default: m.GroupScreen })));
const MeetingEditorScreen = lazy(() => loadBooksScreens().then((m) => ({ default: m.MeetingEditorScreen })));
const MeetingViewScreen = lazy(() => loadBooksScreens().then((m) => ({ default: m.MeetingViewScreen })));
const FixScreen = lazy(() => loadBooksScreens().then((m) => ({ default: m.FixScreen })));

type Phase =
  | { name: 'boot' }
  | { name: 'signed-out'; reauth?: Session; resetPin?: boolean }
  | { name: 'set-pin'; session: Session }
  | { name: 'locked'; session: Session }
  | { name: 'open'; session: Session };

const subscribeHash = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

function useFieldRoute(): FieldRoute {
  const hash = useSyncExternalStore(subscribeHash, () => location.hash);
  return useMemo(() => parseFieldHash(hash), [hash]);
}

const digitsKey = (userId: string) => `khata.nativeDigits.${userId}`;

export function FieldApp() {
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ name: 'boot' });
  const [nativeDigits, setNativeDigitsState] = useState(false);
  const lang = isLang(i18n.language) ? i18n.language : 'en';
  const fmt = useMemo(() => makeFormatter(lang, nativeDigits), [lang, nativeDigits]);

  const enter = useCallback(async (session: Session, unlocked: boolean) => {
    setNativeDigitsState(readSetting(digitsKey(session.userId)) === 'true');
    if (!storedLanguage() && isLang(session.language)) await setLanguage(session.language, { remember: false }).catch(() => undefined);
    if (!(await hasPin())) setPhase({ name: 'set-pin', session });
    else setPhase(unlocked ? { name: 'open', session } : { name: 'locked', session });
  }, []);

  useEffect(() => {
    document.title = t('fieldApp.title');
  }, [t, lang]);

  useEffect(() => {
    currentSession().then(
      (s) => (s ? void enter(s, false) : setPhase({ name: 'signed-out' })),
      () => setPhase({ name: 'signed-out' }),
    );
  }, [enter]);

  let body;
  if (phase.name === 'boot') body = <Loading />;
  else if (phase.name === 'signed-out') {
    body = (
      <SignIn
        reauth={phase.reauth}
        onSignedIn={(session, sameUser) => {
          // A forgotten PIN: signed in again with the password, she sets a new one. Nothing else is lost.
          if (sameUser && phase.resetPin) setPhase({ name: 'set-pin', session });
          else void enter(session, sameUser && phase.reauth !== undefined);
        }}
      />
    );
  } else if (phase.name === 'set-pin') body = <PinSetup session={phase.session} onDone={() => setPhase({ name: 'open', session: phase.session })} />;
  else if (phase.name === 'locked') {
    body = (
      <PinUnlock
        session={phase.session}
        onUnlocked={() => setPhase({ name: 'open', session: phase.session })}
        onForgot={() => setPhase({ name: 'signed-out', reauth: phase.session, resetPin: true })}
      />
    );
  } else {
    body = (
      <OpenApp
        session={phase.session}
        nativeDigits={nativeDigits}
        setNativeDigits={(on) => {
          writeSetting(digitsKey(phase.session.userId), String(on));
          setNativeDigitsState(on);
        }}
        onLock={() => setPhase({ name: 'locked', session: phase.session })}
        onSignedOut={() => setPhase({ name: 'signed-out' })}
        onReauth={() => setPhase({ name: 'signed-out', reauth: phase.session })}
      />
    );
  }
  return (
    <FormatContext.Provider value={fmt}>
      <div className="field-app">{body}</div>
    </FormatContext.Provider>
  );
}

/** Locks again after this long in the background (a shared phone handed to someone else). */
const LOCK_AFTER_HIDDEN_MS = 10 * 60_000;

function OpenApp({
  session,
  nativeDigits,
  setNativeDigits,
  onLock,
  onSignedOut,
  onReauth,
}: {
  session: Session;
  nativeDigits: boolean;
  setNativeDigits: (on: boolean) => void;
  onLock: () => void;
  onSignedOut: () => void;
  onReauth: () => void;
}) {
  const { t } = useTranslation();
  const route = useFieldRoute();
  const engine = useMemo(() => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return new SyncEngine(dexieSyncStore(), deviceTransport(session.token, session.deviceId), {
      ...(locks ? { lock: <T,>(fn: () => Promise<T>) => locks.request('khata-field-sync', fn) as Promise<T> } : {}),
    });
  }, [session.token, session.deviceId]);
  const [needsSignIn, setNeedsSignIn] = useState(false);

  useEffect(() => {
    engine.start();
    const unsub = engine.subscribe((s) => setNeedsSignIn(s.needsSignIn));
    // The screens that need core's rules, fetched now so they open offline later.
    const idle = window.setTimeout(() => void loadBooksScreens().catch(() => undefined), 300);
    return () => {
      window.clearTimeout(idle);
      unsub();
      engine.stop();
    };
  }, [engine]);

  const hiddenAt = useRef<number | null>(null);
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') hiddenAt.current = Date.now();
      else if (hiddenAt.current !== null && Date.now() - hiddenAt.current > LOCK_AFTER_HIDDEN_MS) onLock();
      else void engine.trigger(); // back in the foreground: send what waits
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [onLock, engine]);

  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [route.name, 'shgId' in route ? route.shgId : '']);

  const ctx: FieldContextValue = {
    session,
    engine,
    lock: onLock,
    signOut: async () => {
      engine.stop();
      await doSignOut();
      onSignedOut();
      fieldNavigate({ name: 'groups' }, { replace: true });
    },
    signInAgain: onReauth,
    nativeDigits,
    setNativeDigits,
  };

  return (
    <FieldContext.Provider value={ctx}>
      <header className="f-top no-print">
        <a className="f-brand" href={fieldHref({ name: 'groups' })}>
          {t('app.name')}
        </a>
        <SyncBadge />
        <a className="f-menu" href={fieldHref({ name: 'settings' })} aria-label={t('fieldApp.settings.title')}>
          <Icon name="menu" size="1.6em" />
        </a>
      </header>
      {needsSignIn && (
        <div className="f-banner" role="alert">
          <p>{t('fieldApp.reauth.banner')}</p>
          <button type="button" className="primary" onClick={onReauth}>
            {t('fieldApp.reauth.button')}
          </button>
        </div>
      )}
      <main id="main" ref={mainRef} tabIndex={-1} className="f-main">
        <Suspense fallback={<Loading />}>
          <FieldScreen route={route} />
        </Suspense>
      </main>
    </FieldContext.Provider>
  );
}

function FieldScreen({ route }: { route: FieldRoute }) {
  switch (route.name) {
    case 'groups':
      return <Groups />;
    case 'group':
      return <GroupScreen key={route.shgId} shgId={route.shgId} />;
    case 'new-meeting':
      return <MeetingEditorScreen key={`new:${route.shgId}:${route.date ?? ''}`} mode={{ kind: 'new', shgId: route.shgId, ...(route.date ? { date: route.date } : {}) }} />;
    case 'correct':
      return <MeetingEditorScreen key={`correct:${route.meetingId}`} mode={{ kind: 'correct', shgId: route.shgId, meetingId: route.meetingId }} />;
    case 'meeting':
      return <MeetingViewScreen key={route.meetingId} shgId={route.shgId} meetingId={route.meetingId} />;
    case 'attention':
      return <Attention />;
    case 'fix':
      return <FixScreen key={route.commandId} commandId={route.commandId} />;
    case 'settings':
      return <Settings />;
  }
}
