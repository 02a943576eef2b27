import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { CADRE_STATUSES, cadresApi, cadresPaths, fileToBase64, type CadreFilters, type CadreStatus, type CadreType, type Institution } from '../../api/cadres.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { CadrePage } from './CadrePage.tsx';
import { Downloads, FormOutcome, ImportErrors, cadreTypeLabel, rupeesToPaise, useSubmit } from './shared.tsx';

/**
 * A place's or an institution's community professionals: the registry with filters and downloads, one cadre's page
 * (opened from the list), registering a cadre, importing a list, and the honorarium rules of the payers here.
 */
export default function CadresSection({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const [filters, setFilters] = useState<CadreFilters>({});
  const [open, setOpen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const types = useLoad((signal) => cadresApi.types({ signal }), [version]);
  const list = useLoad((signal) => cadresApi.list(nodeId, filters, { signal }), [nodeId, filters.cadreType, filters.status, version]);
  const institutions = useLoad((signal) => cadresApi.institutions(nodeId, { signal }), [nodeId]);
  const typeList: CadreType[] = types.status === 'ok' ? types.data : [];
  const typeName = (code: string) => cadreTypeLabel(t, code, typeList.find((x) => x.code === code)?.name);

  if (open) {
    return (
      <div className="cadres">
        <p className="no-print">
          <button type="button" onClick={() => { setOpen(null); reload(); }}>
            ← {t('cadres.backToList')}
          </button>
        </p>
        <CadrePage cadreId={open} institutions={institutions.status === 'ok' ? institutions.data : []} typeName={typeName} />
      </div>
    );
  }
  return (
    <div className="cadres">
      <form className="inline-fields no-print" onSubmit={(e) => e.preventDefault()} aria-label={t('cadres.filters')}>
        <div className="field">
          <label htmlFor="cad-type">{t('cadres.type')}</label>
          <select id="cad-type" value={filters.cadreType ?? ''} onChange={(e) => setFilters({ ...filters, cadreType: e.target.value || undefined })}>
            <option value="">{t('cadres.all')}</option>
            {typeList.map((c) => (
              <option key={c.code} value={c.code}>
                {typeName(c.code)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cad-status">{t('cadres.status')}</label>
          <select id="cad-status" value={filters.status ?? ''} onChange={(e) => setFilters({ ...filters, status: (e.target.value || undefined) as CadreStatus | undefined })}>
            <option value="">{t('cadres.all')}</option>
            {CADRE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {valueLabel(t, 'cadreStatus', s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Downloads path={cadresPaths.list} query={{ nodeId, cadreType: filters.cadreType, status: filters.status }} />
      <Loaded state={list}>
        {(cadres) =>
          cadres.length === 0 ? (
            <Empty>{t('cadres.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('cadres.count', { n: fmt.number(cadres.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cadres.name')}</th>
                    <th scope="col">{t('cadres.type')}</th>
                    <th scope="col">{t('cadres.status')}</th>
                    <th scope="col">{t('cadres.serves')}</th>
                    <th scope="col">{t('cadres.paidBy')}</th>
                    <th scope="col" className="num">{t('cadres.owed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cadres.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <button type="button" className="link" onClick={() => setOpen(c.id)}>
                          {c.name}
                        </button>
                        {c.shgName && <span className="muted"> ({c.shgName})</span>}
                      </th>
                      <td>{typeName(c.cadreType)}</td>
                      <td>{valueLabel(t, 'cadreStatus', c.status)}</td>
                      <td>{c.serves || '—'}</td>
                      <td>{c.paidBy || '—'}</td>
                      <td className="num">
                        <Money paise={c.owedPaise} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <div className="two-col no-print">
        <RegisterCadre nodeId={nodeId} types={typeList} typeName={typeName} institutions={institutions.status === 'ok' ? institutions.data : []} onDone={reload} />
        <ImportCadres nodeId={nodeId} onDone={reload} />
      </div>
      <HonorariumRules nodeId={nodeId} types={typeList} typeName={typeName} institutions={institutions.status === 'ok' ? institutions.data : []} />
    </div>
  );
}

/** Institutions that pay cadres out of their own books. */
export const payers = (list: readonly Institution[]) => list.filter((i) => ['shg', 'vo', 'clf', 'blf'].includes(i.kind));

function InstitutionOptions({ list }: { list: readonly Institution[] }) {
  const { t } = useTranslation();
  return (
    <>
      {list.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name} ({valueLabel(t, 'kind', i.kind)})
        </option>
      ))}
    </>
  );
}

function RegisterCadre({ nodeId, types, typeName, institutions, onDone }: { nodeId: string; types: CadreType[]; typeName: (c: string) => string; institutions: Institution[]; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { name: '', cadreType: 'bookkeeper', phone: '', joinedOn: '', institutionId: '', payerId: '' };
  const [form, setForm] = useState(empty);
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('register-cadre', {
        id: crypto.randomUUID(),
        nodeId,
        cadreType: form.cadreType,
        name: form.name.trim() || null,
        phone: form.phone.trim() || null,
        joinedOn: form.joinedOn,
        assignments: form.institutionId ? [{ id: crypto.randomUUID(), institutionId: form.institutionId, payerId: form.payerId || null, from: form.joinedOn }] : [],
      });
      setForm(empty);
      onDone();
      return t('cadres.saved');
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cad-register">
      <h2 id="cad-register">{t('cadres.register')}</h2>
      <div className="field">
        <label htmlFor="cad-name">{t('cadres.name')}</label>
        <input id="cad-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="cad-new-type">{t('cadres.type')}</label>
        <select id="cad-new-type" value={form.cadreType} onChange={(e) => setForm({ ...form, cadreType: e.target.value })}>
          {types.map((c) => (
            <option key={c.code} value={c.code}>
              {typeName(c.code)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="cad-phone">{t('cadres.phone')}</label>
        <input id="cad-phone" type="tel" value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="cad-joined">{t('cadres.joinedOn')}</label>
        <input id="cad-joined" type="date" value={form.joinedOn} onChange={(e) => setForm({ ...form, joinedOn: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="cad-serves">{t('cadres.serves')}</label>
        <select id="cad-serves" value={form.institutionId} onChange={(e) => setForm({ ...form, institutionId: e.target.value })}>
          <option value="">—</option>
          <InstitutionOptions list={institutions} />
        </select>
      </div>
      <div className="field">
        <label htmlFor="cad-payer">{t('cadres.paidBy')}</label>
        <select id="cad-payer" value={form.payerId} onChange={(e) => setForm({ ...form, payerId: e.target.value })}>
          <option value="">{t('cadres.sameInstitution')}</option>
          <InstitutionOptions list={payers(institutions)} />
        </select>
      </div>
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" className="primary" disabled={s.busy}>
        {t('cadres.registerButton')}
      </button>
    </form>
  );
}

function ImportCadres({ nodeId, onDone }: { nodeId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [imported, setImported] = useState<number | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setImported(null);
    try {
      // The same file at the same place is the same command on the server: sending it again imports nothing twice.
      const outcome = await cadresApi.importList(nodeId, await fileToBase64(file));
      setImported(outcome.imported);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cad-import">
      <h2 id="cad-import">{t('cadres.import.title')}</h2>
      <p className="muted">{t('cadres.import.help')}</p>
      <div className="field">
        <label htmlFor="cad-file">{t('cadres.import.file')}</label>
        <input
          id="cad-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
            setImported(null);
          }}
        />
      </div>
      {error !== null && <ImportErrors error={error} />}
      {imported !== null && <p role="status">{t('cadres.import.done', { n: fmt.number(imported) })}</p>}
      <button type="submit" className="primary" disabled={busy || !file}>
        {t('cadres.import.button')}
      </button>
    </form>
  );
}

/** The honorarium rules of the payers here (every dated version), and a new version. */
function HonorariumRules({ nodeId, types, typeName, institutions }: { nodeId: string; types: CadreType[]; typeName: (c: string) => string; institutions: Institution[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [version, setVersion] = useState(0);
  const rules = useLoad((signal) => cadresApi.rules(nodeId, { signal }), [nodeId, version]);
  const empty = { payerId: '', cadreType: 'bookkeeper', effectiveFrom: '', fixed: '', perGroup: '', perMeeting: '' };
  const [form, setForm] = useState(empty);
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('set-honorarium-rule', {
        id: crypto.randomUUID(),
        payerId: form.payerId,
        cadreType: form.cadreType,
        effectiveFrom: form.effectiveFrom,
        fixedMonthlyPaise: rupeesToPaise(form.fixed),
        perGroupPaise: rupeesToPaise(form.perGroup),
        perMeetingPaise: rupeesToPaise(form.perMeeting),
      });
      setForm(empty);
      setVersion((v) => v + 1);
      return t('cadres.saved');
    });
  };
  return (
    <section aria-labelledby="cad-rules">
      <h2 id="cad-rules">{t('cadres.rules.title')}</h2>
      <Downloads path={cadresPaths.rules} query={{ nodeId }} />
      <Loaded state={rules}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('cadres.rules.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('cadres.paidBy')}</th>
                    <th scope="col">{t('cadres.type')}</th>
                    <th scope="col">{t('cadres.rules.effectiveFrom')}</th>
                    <th scope="col" className="num">{t('cadres.rules.fixed')}</th>
                    <th scope="col" className="num">{t('cadres.rules.perGroup')}</th>
                    <th scope="col" className="num">{t('cadres.rules.perMeeting')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.payerName}</th>
                      <td>{typeName(r.cadreType)}</td>
                      <td>{fmt.date(r.effectiveFrom)}</td>
                      <td className="num"><Money paise={r.fixedMonthlyPaise} /></td>
                      <td className="num"><Money paise={r.perGroupPaise} /></td>
                      <td className="num"><Money paise={r.perMeetingPaise} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <form className="no-print" onSubmit={submit} noValidate aria-labelledby="cad-rule-new">
        <h3 id="cad-rule-new">{t('cadres.rules.new')}</h3>
        <p className="muted">{t('cadres.rules.help')}</p>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="rule-payer">{t('cadres.paidBy')}</label>
            <select id="rule-payer" value={form.payerId} onChange={(e) => setForm({ ...form, payerId: e.target.value })}>
              <option value="">—</option>
              <InstitutionOptions list={payers(institutions)} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="rule-type">{t('cadres.type')}</label>
            <select id="rule-type" value={form.cadreType} onChange={(e) => setForm({ ...form, cadreType: e.target.value })}>
              {types.map((c) => (
                <option key={c.code} value={c.code}>
                  {typeName(c.code)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rule-from">{t('cadres.rules.effectiveFrom')}</label>
            <input id="rule-from" type="date" value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="rule-fixed">{t('cadres.rules.fixed')}</label>
            <input id="rule-fixed" inputMode="decimal" value={form.fixed} onChange={(e) => setForm({ ...form, fixed: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="rule-group">{t('cadres.rules.perGroup')}</label>
            <input id="rule-group" inputMode="decimal" value={form.perGroup} onChange={(e) => setForm({ ...form, perGroup: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="rule-meeting">{t('cadres.rules.perMeeting')}</label>
            <input id="rule-meeting" inputMode="decimal" value={form.perMeeting} onChange={(e) => setForm({ ...form, perMeeting: e.target.value })} />
          </div>
        </div>
        <FormOutcome error={s.error} done={s.done} />
        <button type="submit" className="primary" disabled={s.busy}>
          {t('cadres.rules.save')}
        </button>
      </form>
    </section>
  );
}
