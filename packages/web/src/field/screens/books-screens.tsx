/**
 * The field screens that run core's rules, in one lazily loaded chunk: the group's books, the meeting screen, the
 * closing summary, and fixing a refused record.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, useFmt } from '../../components/common.tsx';
import { BackLink } from '../components.tsx';
import { fieldDb } from '../db.ts';
import { useLive } from '../hooks.ts';
import { fieldHref } from '../route.ts';
import { refusalLines } from './Attention.tsx';
import { MeetingEditorScreen } from './MeetingEditor.tsx';

export { GroupScreen } from './Group.tsx';
export { MeetingEditorScreen } from './MeetingEditor.tsx';
export { MeetingViewScreen } from './MeetingView.tsx';

/**
 * A refused record, opened to be fixed: the same meeting in the editor, sent again as a new record (a new command
 * id) that replaces the refused one. When the server already holds a meeting that day, she may instead send hers
 * as a correction of the server's one.
 */
export function FixScreen({ commandId }: { commandId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const live = useLive(() => fieldDb().outbox.get(commandId), [commandId]);
  const [asCorrection, setAsCorrection] = useState<boolean | null>(null);
  const command = live.value;
  if (live.value === undefined && !live.error) return <Loading />;
  if (!command || command.state !== 'refused') {
    return (
      <section>
        <BackLink href={fieldHref({ name: 'attention' })}>{t('fieldApp.records.title')}</BackLink>
        <p className="f-notice">{t('fieldApp.fix.gone')}</p>
      </section>
    );
  }
  const holds = command.refusal?.serverHolds as { meetingId?: string } | undefined;
  const serverMeeting = command.type === 'record-meeting' ? holds?.meetingId : undefined;
  if (serverMeeting && asCorrection === null) {
    return (
      <section aria-labelledby="f-fix-title">
        <BackLink href={fieldHref({ name: 'attention' })}>{t('fieldApp.records.title')}</BackLink>
        <h1 id="f-fix-title">{t('fieldApp.fix.title')}</h1>
        {command.refusal && refusalLines(t, fmt, command.refusal).map((l, i) => <p key={i} className="f-problem">{l}</p>)}
        <div className="f-choice">
          <button type="button" className="primary f-big" onClick={() => setAsCorrection(false)}>
            {t('fieldApp.fix.otherDate')}
          </button>
          <button type="button" className="f-big" onClick={() => setAsCorrection(true)}>
            {t('fieldApp.fix.replaceServer')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <>
      {command.refusal && (
        <div className="error" role="alert">
          {refusalLines(t, fmt, command.refusal).map((l, i) => (
            <p key={i}>{l}</p>
          ))}
        </div>
      )}
      <MeetingEditorScreen mode={{ kind: 'fix', command, ...(asCorrection && serverMeeting ? { asCorrectionOf: serverMeeting } : {}) }} />
    </>
  );
}
