import { formatMoney } from '@khata/core';

/*
 * Short messages to members, in her language. Kept to one line so that an SMS stays within two segments in
 * Indian scripts (UCS-2: 70 characters a segment). Amounts in whole rupees where exact, lakh grouping, and the
 * script's own digits for Hindi, Bengali and Odia (one map below to change that).
 */

export const MESSAGE_LANGUAGES = ['en', 'hi', 'bn', 'or'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

const DIGITS: Record<MessageLanguage, 'latn' | 'deva' | 'beng' | 'orya'> = { en: 'latn', hi: 'deva', bn: 'beng', or: 'orya' };
const SYMBOL: Record<string, string> = { INR: '₹', BDT: '৳', NPR: 'रू' };

export interface ReceiptFacts {
  groupName: string;
  /** The meeting's business date, YYYY-MM-DD. */
  date: string;
  savedPaise: number;
  totalSavingsPaise: number;
  loanOutstandingPaise: number;
  currency?: string;
}

const RECEIPT: Record<MessageLanguage, (v: { group: string; date: string; saved: string; total: string; loan: string }) => string> = {
  en: (v) => `${v.group} meeting ${v.date}: saved ${v.saved}, total savings ${v.total}, loan outstanding ${v.loan}.`,
  hi: (v) => `${v.group} बैठक ${v.date}: बचत ${v.saved}, कुल बचत ${v.total}, बकाया ऋण ${v.loan}।`,
  bn: (v) => `${v.group} সভা ${v.date}: সঞ্চয় ${v.saved}, মোট সঞ্চয় ${v.total}, বাকি ঋণ ${v.loan}।`,
  or: (v) => `${v.group} ବୈଠକ ${v.date}: ସଞ୍ଚୟ ${v.saved}, ମୋଟ ସଞ୍ଚୟ ${v.total}, ବାକି ଋଣ ${v.loan}।`,
};

export function isMessageLanguage(value: unknown): value is MessageLanguage {
  return (MESSAGE_LANGUAGES as readonly unknown[]).includes(value);
}

/** A member's meeting receipt: what she saved at this meeting, her savings in all, what she still owes. */
export function receiptText(language: MessageLanguage, facts: ReceiptFacts): string {
  const numberingSystem = DIGITS[language];
  const money = (paise: number) => formatMoney(paise, { symbol: SYMBOL[facts.currency ?? 'INR'] ?? '', numberingSystem, trimZeroPaise: true });
  const [y, m, d] = facts.date.split('-');
  const date = nativeDigits(`${d}-${m}-${y}`, numberingSystem);
  const group = facts.groupName.length > 30 ? `${facts.groupName.slice(0, 29)}…` : facts.groupName;
  return RECEIPT[language]({ group, date, saved: money(facts.savedPaise), total: money(facts.totalSavingsPaise), loan: money(facts.loanOutstandingPaise) });
}

const NATIVE: Record<string, string> = { deva: '०१२३४५६७८९', beng: '০১২৩৪৫৬৭৮৯', orya: '୦୧୨୩୪୫୬୭୮୯' };
function nativeDigits(text: string, system: string): string {
  const digits = NATIVE[system];
  return digits ? text.replace(/[0-9]/g, (c) => digits[Number(c)]!) : text;
}
