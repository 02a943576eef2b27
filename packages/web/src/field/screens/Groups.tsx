import { useTranslation } from 'react-i18next';
import { Loading, useFmt } from '../../components/common.tsx';
import { fieldDb, getSyncMeta } from '../db.ts';
import { useEngineState, useField, useLive } from '../hooks.ts';
import { fieldHref } from '../route.ts';

/** Her groups, as large cards. Only the groups she is assigned to are ever on the phone. */
export function Groups() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { session, engine } = useField();
  const state = useEngineState(engine);
  const data = useLive(async () => {
    const db = fieldDb();
    const [groups, pending, sync] = await Promise.all([
      db.groups.toArray(),
      db.outbox.where('state').anyOf('waiting', 'applied').toArray(),
      getSyncMeta(db),
    ]);
    const byGroup = new Map<string, number>();
    for (const c of pending) byGroup.set(c.shgId, (byGroup.get(c.shgId) ?? 0) + 1);
    return { groups: groups.sort((a, b) => a.name.localeCompare(b.name)), byGroup, sync };
  }, []);
  if (!data.value) return <Loading />;
  const { groups, byGroup, sync } = data.value;
  return (
    <section aria-labelledby="f-groups-title">
      <h1 id="f-groups-title">{t('fieldApp.groups.title')}</h1>
      <p className="f-lead">{t('fieldApp.groups.hello', { name: session.name })}</p>
      {groups.length === 0 &&
        (sync.lastSyncAt === null ? (
          <p className="f-notice" role="status">
            {state.online ? t('fieldApp.groups.downloading') : t('fieldApp.groups.offlineFirst')}
          </p>
        ) : (
          <p className="f-notice">{t('fieldApp.groups.none')}</p>
        ))}
      {sync.limited && <p className="f-notice">{t('fieldApp.groups.limited')}</p>}
      <ul className="f-cards">
        {groups.map((g) => (
          <li key={g.shgId}>
            <a className="f-card" href={fieldHref({ name: 'group', shgId: g.shgId })} data-testid={`group-${g.shgId}`}>
              <span className="f-card-title">{g.name}</span>
              <span className="f-card-sub">
                {t('fieldApp.groups.members', { n: fmt.number(g.members.length) })} · <span className="code">{g.code}</span>
              </span>
              {(byGroup.get(g.shgId) ?? 0) > 0 && <span className="badge warn">{t('fieldApp.sync.waiting', { n: fmt.number(byGroup.get(g.shgId) ?? 0) })}</span>}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
