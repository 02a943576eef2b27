import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Loaded, useLoad } from '../components/common.tsx';
import { REPORTS } from '../reports.ts';
import { href, navigate } from '../router.ts';

export function ShgReports({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  return (
    <div className="reports">
      <ul className="report-list">
        {REPORTS.filter((r) => !r.perMember).map((r) => (
          <li key={r.name}>
            <a className="report-link" href={href({ name: 'report', shgId, report: r.name, params: {} })}>
              {t(`report.${r.name}`)}
            </a>
          </li>
        ))}
      </ul>
      <PassbookPicker shgId={shgId} />
    </div>
  );
}

function PassbookPicker({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const members = useLoad((signal) => api.members(shgId, { signal }), [shgId]);
  const [memberId, setMemberId] = useState('');
  return (
    <form
      className="passbook-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (memberId) navigate({ name: 'passbook', shgId, memberId, params: {} });
      }}
    >
      <h2>{t('report.passbook')}</h2>
      <Loaded state={members}>
        {(list) => (
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="passbook-member">{t('reports.chooseMember')}</label>
              <select id="passbook-member" value={memberId} onChange={(e) => setMemberId(e.target.value)}>
                <option value="">—</option>
                {list.map((m) => (
                  <option key={String(m.id)} value={String(m.id)}>
                    {m.membershipNumber} · {m.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="primary" disabled={!memberId}>
              {t('reports.openPassbook')}
            </button>
          </div>
        )}
      </Loaded>
    </form>
  );
}
