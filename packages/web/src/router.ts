/**
 * A tiny hash router. Routes are plain values; `parseHash` and `formatRoute` are pure and inverse of each other,
 * so links are built with `href(route)` and never by hand.
 *
 *   #/                                       home (organisation tree)
 *   #/login                                  sign in
 *   #/shg/:id[/overview|members|meetings|loans|reports|grading]
 *   #/shg/:id/meetings/:meetingId            meeting detail
 *   #/shg/:id/reports/:name?from=&to=&asOf=&memberId=
 *   #/shg/:id/members/:memberId/passbook?from=&to=
 *   #/node/:id[/:section]?from=&to=&asOf=    a node of the tree (village … organisation, VO/CLF/BLF) and one of its
 *                                            sections (screens/node-sections.ts: MIS, federation, households, …)
 *   #/approvals                              requests waiting for a second person (fund releases, write-offs)
 *   #/cases                                  the micro-business programme: my cases, and the programme for those who run it
 *   #/cases/:id                              one case (by id only: no participant data in a URL)
 *   #/field…                                 the offline field app (its own routes: field/route.ts)
 */

/** True for the field app's hashes (#/field, #/field/…). */
export function isFieldHash(hash: string): boolean {
  return /^#?\/field(\/|\?|$)/.test(hash);
}

export const SHG_TABS = ['overview', 'members', 'meetings', 'loans', 'reports', 'grading'] as const;
export type ShgTab = (typeof SHG_TABS)[number];

export interface RouteParams {
  from?: string;
  to?: string;
  asOf?: string;
  memberId?: string;
}

export type Route =
  | { name: 'home' }
  | { name: 'login' }
  | { name: 'shg'; shgId: string; tab: ShgTab }
  | { name: 'meeting'; shgId: string; meetingId: string }
  | { name: 'report'; shgId: string; report: string; params: RouteParams }
  | { name: 'passbook'; shgId: string; memberId: string; params: RouteParams }
  | { name: 'node'; nodeId: string; section: string | undefined; params: RouteParams }
  | { name: 'approvals' }
  | { name: 'cases' }
  | { name: 'case'; caseId: string }
  | { name: 'not-found'; path: string };

const PARAM_KEYS = ['from', 'to', 'asOf', 'memberId'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function readParams(search: string, keys: readonly (keyof RouteParams)[]): RouteParams {
  const q = new URLSearchParams(search);
  const params: RouteParams = {};
  for (const key of keys) {
    const v = q.get(key);
    if (v === null || v === '') continue;
    if (key !== 'memberId' && !ISO_DATE.test(v)) continue; // ignore malformed dates rather than send them on
    params[key] = v;
  }
  return params;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseHash(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const [pathPart = '', search = ''] = raw.split('?', 2) as [string?, string?];
  const rawSegments = pathPart.split('/').filter((s) => s !== '');
  const segments: string[] = [];
  for (const s of rawSegments) {
    const d = decode(s);
    if (d === undefined) return { name: 'not-found', path: raw };
    segments.push(d);
  }
  const [first, id, second, third, fourth, ...rest] = segments;
  if (segments.length === 0) return { name: 'home' };
  if (first === 'login' && segments.length === 1) return { name: 'login' };
  if (first === 'shg' && id) {
    if (second === undefined) return { name: 'shg', shgId: id, tab: 'overview' };
    if (third === undefined && (SHG_TABS as readonly string[]).includes(second)) return { name: 'shg', shgId: id, tab: second as ShgTab };
    if (second === 'meetings' && third && fourth === undefined) return { name: 'meeting', shgId: id, meetingId: third };
    if (second === 'reports' && third && fourth === undefined) {
      return { name: 'report', shgId: id, report: third, params: readParams(search, PARAM_KEYS) };
    }
    if (second === 'members' && third && fourth === 'passbook' && rest.length === 0) {
      return { name: 'passbook', shgId: id, memberId: third, params: readParams(search, ['from', 'to', 'asOf']) };
    }
  }
  if (first === 'approvals' && segments.length === 1) return { name: 'approvals' };
  if (first === 'cases' && segments.length === 1) return { name: 'cases' };
  if (first === 'cases' && id && second === undefined) return { name: 'case', caseId: id };
  if (first === 'node' && id && third === undefined) {
    return { name: 'node', nodeId: id, section: second, params: readParams(search, ['from', 'to', 'asOf']) };
  }
  return { name: 'not-found', path: raw };
}

function search(params: RouteParams, keys: readonly (keyof RouteParams)[]): string {
  const q = new URLSearchParams();
  for (const key of keys) {
    const v = params[key];
    if (v) q.set(key, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const e = encodeURIComponent;

/** The hash (with its leading '#') for a route. */
export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'login':
      return '#/login';
    case 'shg':
      return route.tab === 'overview' ? `#/shg/${e(route.shgId)}` : `#/shg/${e(route.shgId)}/${route.tab}`;
    case 'meeting':
      return `#/shg/${e(route.shgId)}/meetings/${e(route.meetingId)}`;
    case 'report':
      return `#/shg/${e(route.shgId)}/reports/${e(route.report)}${search(route.params, PARAM_KEYS)}`;
    case 'passbook':
      return `#/shg/${e(route.shgId)}/members/${e(route.memberId)}/passbook${search(route.params, ['from', 'to', 'asOf'])}`;
    case 'node':
      return `#/node/${e(route.nodeId)}${route.section ? `/${e(route.section)}` : ''}${search(route.params, ['from', 'to', 'asOf'])}`;
    case 'approvals':
      return '#/approvals';
    case 'cases':
      return '#/cases';
    case 'case':
      return `#/cases/${e(route.caseId)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const target = href(route);
  if (options.replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
