import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Member } from '../../api.ts';
import { cadresApi, type Institution } from '../../api/cadres.ts';
import { PARTICIPANT_KINDS, TRAINING_EVENT_KINDS, trainingApi, trainingPaths, type ParticipantKind, type TrainingEventDetail, type TrainingModule } from '../../api/training.ts';
import { Empty, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { Downloads, FormOutcome, useSubmit } from '../cadres/shared.tsx';

/**
 * Training and events of a place or an institution: workshops, batches, conferences and exposure visits organised
 * here (one opens with its attendance per day), a new event, the organisation's modules, and who is trained in what.
 */
export default function TrainingSection({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const [open, setOpen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const events = useLoad((signal) => trainingApi.events(nodeId, { signal }), [nodeId, version]);
  const modules = useLoad((signal) => trainingApi.modules({ signal }), [version]);
  const trained = useLoad((signal) => trainingApi.trained(nodeId, { signal }), [nodeId, version]);
  const moduleList = modules.status === 'ok' ? modules.data : [];

  if (open) {
    return (
      <div className="training">
        <p className="no-print">
          <button type="button" onClick={() => { setOpen(null); reload(); }}>
            ← {t('training.backToList')}
          </button>
        </p>
        <EventPage eventId={open} nodeId={nodeId} />
      </div>
    );
  }
  return (
    <div className="training">
      <h2>{t('training.events')}</h2>
      <Downloads path={trainingPaths.events} query={{ nodeId }} />
      <Loaded state={events}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('training.noEvents')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('training.title')}</th>
                    <th scope="col">{t('training.kind')}</th>
                    <th scope="col">{t('training.module')}</th>
                    <th scope="col">{t('training.dates')}</th>
                    <th scope="col">{t('training.place')}</th>
                    <th scope="col" className="num">{t('training.participants')}</th>
                    <th scope="col" className="num">{t('training.completedCount')}</th>
                    <th scope="col">{t('training.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.id}>
                      <th scope="row">
                        <button type="button" onClick={() => setOpen(e.id)}>
                          {e.title}
                        </button>
                      </th>
                      <td>{valueLabel(t, 'trainingKind', e.kind)}</td>
                      <td>{e.moduleName ?? '—'}</td>
                      <td>
                        {fmt.date(e.startDate)}
                        {e.endDate !== e.startDate ? ` – ${fmt.date(e.endDate)}` : ''}
                      </td>
                      <td>{e.place ?? '—'}</td>
                      <td className="num">{fmt.number(e.participants)}</td>
                      <td className="num">{e.moduleCode ? fmt.number(e.completed) : '—'}</td>
                      <td>{valueLabel(t, 'trainingStatus', e.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <div className="two-col no-print">
        <ScheduleEvent nodeId={nodeId} modules={moduleList} onDone={reload} />
        <Modules modules={moduleList} atRoot={detail.node.kind === 'organisation'} rootId={nodeId} onDone={reload} />
      </div>
      <h2>{t('training.trained')}</h2>
      <Downloads path={trainingPaths.trained} query={{ nodeId }} />
      <Loaded state={trained}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('training.noneTrained')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('training.name')}</th>
                    <th scope="col">{t('training.institution')}</th>
                    <th scope="col">{t('training.module')}</th>
                    <th scope="col">{t('training.completedOn')}</th>
                    <th scope="col">{t('training.event')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((x, i) => (
                    <tr key={i}>
                      <th scope="row">
                        {x.name} <span className="muted">({valueLabel(t, 'participantKind', x.kind)})</span>
                      </th>
                      <td>{x.institutionName ?? '—'}</td>
                      <td>{x.moduleName ?? x.module}</td>
                      <td>{fmt.date(x.completedOn)}</td>
                      <td>{x.eventTitle ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </div>
  );
}

function ScheduleEvent({ nodeId, modules, onDone }: { nodeId: string; modules: TrainingModule[]; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { kind: 'workshop', moduleId: '', title: '', place: '', startDate: '', endDate: '', trainers: '' };
  const [form, setForm] = useState(empty);
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('schedule-training-event', {
        id: crypto.randomUUID(),
        nodeId,
        kind: form.kind,
        moduleId: form.moduleId || null,
        title: form.title,
        place: form.place.trim() || null,
        startDate: form.startDate,
        endDate: form.endDate || form.startDate,
        trainers: form.trainers.split(/[;,\n]/).map((x) => x.trim()).filter(Boolean),
      });
      setForm(empty);
      onDone();
      return t('training.saved');
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="tr-new">
      <h3 id="tr-new">{t('training.newEvent')}</h3>
      <div className="field">
        <label htmlFor="tr-kind">{t('training.kind')}</label>
        <select id="tr-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          {TRAINING_EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {valueLabel(t, 'trainingKind', k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="tr-module">{t('training.module')}</label>
        <select id="tr-module" value={form.moduleId} onChange={(e) => setForm({ ...form, moduleId: e.target.value })}>
          <option value="">—</option>
          {modules.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({t('training.requiredDays', { n: m.requiredDays })})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="tr-title">{t('training.title')}</label>
        <input id="tr-title" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="tr-place">{t('training.place')}</label>
        <input id="tr-place" value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="tr-start">{t('training.startDate')}</label>
        <input id="tr-start" type="date" value={form.startDate} onChange={(e) => setForm({ ...form, startDate: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="tr-end">{t('training.endDate')}</label>
        <input id="tr-end" type="date" value={form.endDate} onChange={(e) => setForm({ ...form, endDate: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="tr-trainers">{t('training.trainers')}</label>
        <input id="tr-trainers" value={form.trainers} onChange={(e) => setForm({ ...form, trainers: e.target.value })} />
      </div>
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" className="primary" disabled={s.busy}>
        {t('training.schedule')}
      </button>
    </form>
  );
}

function Modules({ modules, atRoot, rootId, onDone }: { modules: TrainingModule[]; atRoot: boolean; rootId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { code: '', name: '', requiredDays: '3', description: '' };
  const [form, setForm] = useState(empty);
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.command('define-training-module', { id: crypto.randomUUID(), nodeId: rootId, code: form.code.trim(), name: form.name, requiredDays: Number(form.requiredDays), description: form.description.trim() || null });
      setForm(empty);
      onDone();
      return t('training.saved');
    });
  };
  return (
    <section aria-labelledby="tr-modules">
      <h3 id="tr-modules">{t('training.modules')}</h3>
      {modules.length === 0 ? (
        <Empty>{t('training.noModules')}</Empty>
      ) : (
        <ul>
          {modules.map((m) => (
            <li key={m.id}>
              {m.name} <span className="code">{m.code}</span>: {t('training.requiredDays', { n: m.requiredDays })}
            </li>
          ))}
        </ul>
      )}
      {atRoot ? (
        <form onSubmit={submit} noValidate aria-label={t('training.newModule')}>
          <div className="field">
            <label htmlFor="mod-code">{t('training.moduleCode')}</label>
            <input id="mod-code" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="mod-name">{t('training.moduleName')}</label>
            <input id="mod-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="mod-days">{t('training.requiredDaysLabel')}</label>
            <input id="mod-days" type="number" min={1} max={60} value={form.requiredDays} onChange={(e) => setForm({ ...form, requiredDays: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="mod-desc">{t('training.description')}</label>
            <input id="mod-desc" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          </div>
          <FormOutcome error={s.error} done={s.done} />
          <button type="submit" disabled={s.busy}>
            {t('training.newModule')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('training.modulesAtRoot')}</p>
      )}
    </section>
  );
}

/** One event: who takes part, attendance day by day (tick and save each day), more participants, completion. */
function EventPage({ eventId, nodeId }: { eventId: string; nodeId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const state = useLoad((signal) => trainingApi.event(eventId, { signal }), [eventId, version]);
  return (
    <Loaded state={state}>
      {(d) => (
        <article>
          <h2>
            {d.event.title} <span className="badge">{valueLabel(t, 'trainingKind', d.event.kind)}</span> <span className="badge">{valueLabel(t, 'trainingStatus', d.event.status)}</span>
          </h2>
          <p>
            {fmt.date(d.event.startDate)}
            {d.event.endDate !== d.event.startDate ? ` – ${fmt.date(d.event.endDate)}` : ''}
            {d.event.place ? `, ${d.event.place}` : ''} · {d.event.nodeName}
          </p>
          {d.event.moduleName && <p>{t('training.moduleLine', { module: d.event.moduleName, n: d.event.requiredDays ?? 1 })}</p>}
          {d.event.trainers.length > 0 && <p>{t('training.trainersLine', { names: d.event.trainers.join(', ') })}</p>}
          <Attendance d={d} onDone={reload} />
          {d.event.status === 'planned' && (
            <div className="two-col no-print">
              <AddParticipants eventId={eventId} nodeId={nodeId} onDone={reload} />
              <Complete d={d} onDone={reload} />
            </div>
          )}
        </article>
      )}
    </Loaded>
  );
}

function Attendance({ d, onDone }: { d: TrainingEventDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const planned = d.event.status === 'planned';
  const [ticks, setTicks] = useState<Record<string, Set<string>>>(() => Object.fromEntries(d.days.map((day) => [day, new Set(d.participants.filter((p) => p.present.includes(day)).map((p) => p.id))])));
  const s = useSubmit();
  const toggle = (day: string, id: string) =>
    setTicks((old) => {
      const next = new Set(old[day]);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return { ...old, [day]: next };
    });
  const save = (day: string) =>
    void s.run(async () => {
      await api.command('record-training-attendance', { eventId: d.event.id, day, present: [...(ticks[day] ?? [])] });
      onDone();
      return t('training.attendanceSaved', { day: fmt.date(day) });
    });
  if (d.participants.length === 0) return <Empty>{t('training.noParticipants')}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('training.attendance')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('training.name')}</th>
            {d.days.map((day, i) => (
              <th scope="col" key={day} className="num">
                {t('training.day', { n: i + 1 })}
                <br />
                <span className="muted">{fmt.date(day)}</span>
              </th>
            ))}
            <th scope="col">{t('training.result')}</th>
          </tr>
        </thead>
        <tbody>
          {d.participants.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.name} <span className="muted">({valueLabel(t, 'participantKind', p.kind)}{p.institutionName ? `, ${p.institutionName}` : ''})</span>
              </th>
              {d.days.map((day) => (
                <td key={day} className="num">
                  <input
                    type="checkbox"
                    aria-label={t('training.presentOn', { name: p.name, day: fmt.date(day) })}
                    checked={ticks[day]?.has(p.id) ?? false}
                    disabled={!planned}
                    onChange={() => toggle(day, p.id)}
                  />
                </td>
              ))}
              <td>
                {p.completed === true && <span className="badge yes">{t('training.completed')}</span>}
                {p.completed === false && <span className="badge warn">{t('training.notCompleted')}</span>}
                {p.attendedDays !== null && ` ${t('training.attendedDays', { n: fmt.number(p.attendedDays) })}`}
              </td>
            </tr>
          ))}
        </tbody>
        {planned && (
          <tfoot className="no-print">
            <tr>
              <th scope="row">{t('training.presentCount')}</th>
              {d.days.map((day) => (
                <td key={day} className="num">
                  {fmt.number(ticks[day]?.size ?? 0)}{' '}
                  <button type="button" disabled={s.busy} onClick={() => save(day)}>
                    {t('training.saveDay')}
                  </button>
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        )}
      </table>
      <FormOutcome error={s.error} done={s.done} />
    </div>
  );
}

function AddParticipants({ eventId, nodeId, onDone }: { eventId: string; nodeId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ParticipantKind>('member');
  const [shgId, setShgId] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [name, setName] = useState('');
  const [cadreId, setCadreId] = useState('');
  const institutions = useLoad((signal) => cadresApi.institutions(nodeId, { signal }), [nodeId]);
  const cadres = useLoad((signal) => (kind === 'cadre' ? cadresApi.list(nodeId, { status: 'active' }, { signal }) : Promise.resolve([])), [nodeId, kind]);
  const members = useLoad((signal): Promise<Member[]> => (kind === 'member' && shgId ? api.members(shgId, { signal }) : Promise.resolve([])), [kind, shgId]);
  const shgs: Institution[] = institutions.status === 'ok' ? institutions.data.filter((i) => i.kind === 'shg') : [];
  const s = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const participants =
      kind === 'member'
        ? [...chosen].map((memberId) => ({ id: crypto.randomUUID(), kind, memberId }))
        : kind === 'cadre'
          ? [{ id: crypto.randomUUID(), kind, cadreId: cadreId || null }]
          : [{ id: crypto.randomUUID(), kind, name: name.trim() || null }];
    void s.run(async () => {
      const r = await api.command<{ added: number }>('add-training-participants', { eventId, participants });
      setChosen(new Set());
      setName('');
      onDone();
      return t('training.added', { n: r.result.added });
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="tr-add">
      <h3 id="tr-add">{t('training.addParticipants')}</h3>
      <div className="field">
        <label htmlFor="tp-kind">{t('training.participantKind')}</label>
        <select id="tp-kind" value={kind} onChange={(e) => setKind(e.target.value as ParticipantKind)}>
          {PARTICIPANT_KINDS.map((k) => (
            <option key={k} value={k}>
              {valueLabel(t, 'participantKind', k)}
            </option>
          ))}
        </select>
      </div>
      {kind === 'member' && (
        <>
          <div className="field">
            <label htmlFor="tp-shg">{t('training.shg')}</label>
            <select id="tp-shg" value={shgId} onChange={(e) => { setShgId(e.target.value); setChosen(new Set()); }}>
              <option value="">—</option>
              {shgs.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
          {members.status === 'ok' && members.data.length > 0 && (
            <fieldset>
              <legend>{t('training.members')}</legend>
              {members.data
                .filter((m) => m.status === 'active')
                .map((m) => (
                  <label key={String(m.id)} className="check">
                    <input
                      type="checkbox"
                      checked={chosen.has(String(m.id))}
                      onChange={() => setChosen((old) => { const next = new Set(old); if (next.has(String(m.id))) next.delete(String(m.id)); else next.add(String(m.id)); return next; })}
                    />
                    {m.name}
                  </label>
                ))}
            </fieldset>
          )}
        </>
      )}
      {kind === 'cadre' && (
        <div className="field">
          <label htmlFor="tp-cadre">{t('training.cadre')}</label>
          <select id="tp-cadre" value={cadreId} onChange={(e) => setCadreId(e.target.value)}>
            <option value="">—</option>
            {(cadres.status === 'ok' ? cadres.data : []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {(kind === 'staff' || kind === 'other') && (
        <div className="field">
          <label htmlFor="tp-name">{t('training.name')}</label>
          <input id="tp-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
      )}
      <FormOutcome error={s.error} done={s.done} />
      <button type="submit" disabled={s.busy}>
        {t('training.addButton')}
      </button>
    </form>
  );
}

function Complete({ d, onDone }: { d: TrainingEventDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const s = useSubmit();
  return (
    <section aria-labelledby="tr-complete">
      <h3 id="tr-complete">{t('training.complete')}</h3>
      <p className="muted">{d.event.moduleId ? t('training.completeHelp', { n: d.event.requiredDays ?? 1 }) : t('training.completeHelpNoModule')}</p>
      <FormOutcome error={s.error} done={s.done} />
      <button
        type="button"
        className="primary"
        disabled={s.busy}
        onClick={() =>
          void s.run(async () => {
            const r = await api.command<{ completed: number }>('complete-training-event', { eventId: d.event.id });
            onDone();
            return t('training.completedDone', { n: r.result.completed });
          })
        }
      >
        {t('training.completeButton')}
      </button>
    </section>
  );
}
