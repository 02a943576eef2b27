/**
 * The field app's routes, under #/field. Pure: parse and format are inverses (tested in route.test.ts).
 *
 *   #/field                                  her groups
 *   #/field/shg/:shgId                       one group: balances, meetings, new meeting
 *   #/field/shg/:shgId/new?date=             record a meeting
 *   #/field/shg/:shgId/m/:meetingId          a meeting recorded (closing summary, read aloud)
 *   #/field/shg/:shgId/m/:meetingId/correct  correct a meeting of the open period
 *   #/field/attention                        records that need attention (refused by the server)
 *   #/field/fix/:commandId                   fix a refused record and send it again
 *   #/field/settings                         language, digits, PIN, storage, sign out
 */
export type FieldRoute =
  | { name: 'groups' }
  | { name: 'group'; shgId: string }
  | { name: 'new-meeting'; shgId: string; date?: string }
  | { name: 'meeting'; shgId: string; meetingId: string }
  | { name: 'correct'; shgId: string; meetingId: string }
  | { name: 'attention' }
  | { name: 'fix'; commandId: string }
  | { name: 'settings' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export function parseFieldHash(hash: string): FieldRoute {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2) as [string?, string?];
  const segs = pathPart.split('/').filter(Boolean).map(decode);
  if (segs.some((s) => s === undefined) || segs[0] !== 'field') return { name: 'groups' };
  const [, a, b, c, d, e] = segs as string[];
  if (a === undefined) return { name: 'groups' };
  if (a === 'attention' && b === undefined) return { name: 'attention' };
  if (a === 'settings' && b === undefined) return { name: 'settings' };
  if (a === 'fix' && b && c === undefined) return { name: 'fix', commandId: b };
  if (a === 'shg' && b) {
    if (c === undefined) return { name: 'group', shgId: b };
    if (c === 'new' && d === undefined) {
      const date = new URLSearchParams(query).get('date');
      return date && ISO_DATE.test(date) ? { name: 'new-meeting', shgId: b, date } : { name: 'new-meeting', shgId: b };
    }
    if (c === 'm' && d && e === undefined) return { name: 'meeting', shgId: b, meetingId: d };
    if (c === 'm' && d && e === 'correct') return { name: 'correct', shgId: b, meetingId: d };
  }
  return { name: 'groups' };
}

const enc = encodeURIComponent;

export function fieldHref(route: FieldRoute): string {
  switch (route.name) {
    case 'groups':
      return '#/field';
    case 'group':
      return `#/field/shg/${enc(route.shgId)}`;
    case 'new-meeting':
      return `#/field/shg/${enc(route.shgId)}/new${route.date ? `?date=${route.date}` : ''}`;
    case 'meeting':
      return `#/field/shg/${enc(route.shgId)}/m/${enc(route.meetingId)}`;
    case 'correct':
      return `#/field/shg/${enc(route.shgId)}/m/${enc(route.meetingId)}/correct`;
    case 'attention':
      return '#/field/attention';
    case 'fix':
      return `#/field/fix/${enc(route.commandId)}`;
    case 'settings':
      return '#/field/settings';
  }
}

export function fieldNavigate(route: FieldRoute, options: { replace?: boolean } = {}): void {
  const target = fieldHref(route);
  if (options.replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
