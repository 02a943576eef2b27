import { useTranslation } from 'react-i18next';
import { api, type Shg } from '../api.ts';
import { Loaded, useLoad } from '../components/common.tsx';
import { valueLabel } from '../labels.ts';
import { href, SHG_TABS, type ShgTab } from '../router.ts';
import { ShgLoans } from './ShgLoans.tsx';
import { ShgMeetings } from './ShgMeetings.tsx';
import { ShgMembers } from './ShgMembers.tsx';
import { ShgOverview } from './ShgOverview.tsx';
import { ShgReports } from './ShgReports.tsx';
import { ShgGrading } from './grading/ShgGrading.tsx';
import { ShgFederation } from './federations/ShgFederation.tsx';
import { ShgGrainBankLink } from './grain-bank/ShgGrainBankLink.tsx';

/** The SHG's header (name, code, status) is loaded once; each tab loads its own list. */
export function useShg(shgId: string) {
  return useLoad((signal) => api.shg(shgId, { signal }), [shgId]);
}

export function ShgHeader({ shg }: { shg: Shg }) {
  const { t } = useTranslation();
  return (
    <div className="page-head">
      <nav className="breadcrumb no-print" aria-label={t('nav.breadcrumb')}>
        <a href={href({ name: 'home' })}>{t('nav.home')}</a>
        <span aria-hidden="true"> › </span>
        <a href={href({ name: 'shg', shgId: String(shg.id), tab: 'overview' })}>{shg.name}</a>
      </nav>
      <h1>
        {shg.name} <span className="code">{shg.code}</span>
      </h1>
      <p className="muted">
        <span className={`status status-${shg.status}`}>{valueLabel(t, 'status', shg.status)}</span>
      </p>
    </div>
  );
}

export function ShgPage({ shgId, tab }: { shgId: string; tab: ShgTab }) {
  const { t } = useTranslation();
  const state = useShg(shgId);
  return (
    <Loaded state={state}>
      {(shg) => (
        <section>
          <ShgHeader shg={shg} />
          <ShgFederation shgId={shgId} />
          <ShgGrainBankLink shgId={shgId} />
          <nav className="tabs no-print" aria-label={t('shg.sections')}>
            {SHG_TABS.map((name) => (
              <a key={name} href={href({ name: 'shg', shgId, tab: name })} aria-current={name === tab ? 'page' : undefined}>
                {t(`shg.tab.${name}`)}
              </a>
            ))}
          </nav>
          <div className="tab-panel">
            {tab === 'overview' && <ShgOverview shg={shg} />}
            {tab === 'members' && <ShgMembers shgId={shgId} />}
            {tab === 'meetings' && <ShgMeetings shgId={shgId} />}
            {tab === 'loans' && <ShgLoans shgId={shgId} />}
            {tab === 'reports' && <ShgReports shgId={shgId} />}
            {tab === 'grading' && <ShgGrading shgId={shgId} />}
          </div>
        </section>
      )}
    </Loaded>
  );
}
