import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { MemberSummary } from '@khata/core';
import type { Tx } from '../ledger/post-entry.ts';
import { isMessageLanguage, receiptText, type MessageLanguage } from './templates.ts';

export interface MeetingReceipts {
  organisationId: number;
  shgId: string;
  meetingId: string;
  date: string;
  /** Core's per-member summaries of the meeting (the record-meeting result). */
  summaries: MemberSummary[];
  /** The recording user's language: used for members whose own language is not known. */
  recorderLanguage?: string | null;
  channel?: 'sms' | 'whatsapp';
}

/** Members who get a receipt: those at the meeting (present, late or represented) and anyone whose money moved. */
function attended(s: MemberSummary): boolean {
  return (s.attendance !== null && s.attendance !== 'absent') || s.paidPaise > 0 || s.receivedPaise > 0;
}

/**
 * Queues one receipt per member at the meeting who has a phone number, in her language (her own; else the
 * recording user's; else the organisation's first). Called inside the meeting's own transaction, so a meeting is
 * receipted exactly once: with it or not at all (and the unique key makes a second call a no-op).
 * Returns how many were queued.
 */
export async function queueMeetingReceipts(tx: Tx, r: MeetingReceipts): Promise<number> {
  const wanted = r.summaries.filter(attended);
  if (wanted.length === 0) return 0;
  // The group's name and currency with the members who can be reached (a phone number), in one round trip.
  const info = await sql<{ name: string; currency: string; languages: string[]; members: Array<{ id: string; language: string | null }> }>`
    select n.name, o.currency, o.languages,
           coalesce((select json_agg(json_build_object('id', m.id, 'language', m.language)) from member m
                      where m.shg_id = n.id and m.phone is not null and m.id = any(${wanted.map((s) => s.memberId)}::uuid[])), '[]') as members
      from node n join organisation o on o.id = n.organisation_id where n.id = ${r.shgId}`.execute(tx);
  const group = info.rows[0];
  if (!group) return 0;
  const fallback: MessageLanguage = isMessageLanguage(r.recorderLanguage) ? r.recorderLanguage : isMessageLanguage(group.languages[0]) ? group.languages[0] : 'en';
  const language = new Map(group.members.map((m) => [m.id, isMessageLanguage(m.language) ? m.language : fallback]));
  const rows = wanted
    .filter((s) => language.has(s.memberId))
    .map((s) => {
      const lang = language.get(s.memberId)!;
      return {
        id: randomUUID(),
        memberId: s.memberId,
        language: lang,
        body: receiptText(lang, {
          groupName: group.name,
          date: r.date,
          currency: group.currency,
          savedPaise: s.savingsThisMeeting.compulsoryPaise + s.savingsThisMeeting.voluntaryPaise,
          totalSavingsPaise: s.totalSavings.compulsoryPaise + s.totalSavings.voluntaryPaise,
          loanOutstandingPaise: s.loanOutstandingPaise,
        }),
      };
    });
  if (rows.length === 0) return 0;
  const inserted = await sql<{ id: string }>`
    insert into message_outbox (id, organisation_id, member_id, shg_id, kind, subject_id, channel, language, body)
    select x.id, ${r.organisationId}, x.member_id, ${r.shgId}, 'meeting-receipt', ${r.meetingId}, ${r.channel ?? 'sms'}, x.language, x.body
      from unnest(${rows.map((x) => x.id)}::uuid[], ${rows.map((x) => x.memberId)}::uuid[], ${rows.map((x) => x.language)}::text[], ${rows.map((x) => x.body)}::text[])
        as x(id, member_id, language, body)
    on conflict (subject_id, member_id, kind) do nothing
    returning id`.execute(tx);
  return inserted.rows.length;
}
