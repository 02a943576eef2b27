import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { AnyNodeKind, NodeDetail } from '../api.ts';
import type { RouteParams } from '../router.ts';

/** What a section screen receives: the node (with its breadcrumb) and the route's period parameters. */
export interface NodeSectionProps {
  detail: NodeDetail;
  params: RouteParams;
}

export interface NodeSection {
  /** The URL segment: #/node/:id/<id>. */
  id: string;
  /** Catalog key of the tab label. */
  labelKey: string;
  /** Which kinds of node show this section. */
  appliesTo: (kind: AnyNodeKind) => boolean;
  Component: LazyExoticComponent<ComponentType<NodeSectionProps>>;
}

const PLACES: readonly AnyNodeKind[] = ['organisation', 'state', 'district', 'block', 'cluster', 'village'];
export const isPlace = (kind: AnyNodeKind) => PLACES.includes(kind);
export const isFederation = (kind: AnyNodeKind) => kind === 'vo' || kind === 'clf' || kind === 'blf';
export const isProducerGroup = (kind: AnyNodeKind) => kind === 'producer_group';

/**
 * The sections of a node's page, in tab order; the first that applies opens by default. Each screen is loaded
 * only when opened. Add a section by adding a line here and a screen under screens/<area>/.
 */
export const NODE_SECTIONS: NodeSection[] = [
  // Consolidated MIS (issue 4, item 7): first, so that it is the default tab of every place.
  { id: 'mis', labelKey: 'section.mis', appliesTo: isPlace, Component: lazy(() => import('./mis/MisSection.tsx')) },
  // Federations (issue 4): a federation's own page; a place's federations and readiness; the organisation's rules.
  { id: 'members', labelKey: 'section.fed.members', appliesTo: isFederation, Component: lazy(() => import('./federations/FederationSections.tsx').then((m) => ({ default: m.FederationMembers }))) },
  { id: 'committee', labelKey: 'section.fed.committee', appliesTo: isFederation, Component: lazy(() => import('./federations/FederationSections.tsx').then((m) => ({ default: m.FederationCommittee }))) },
  { id: 'meetings', labelKey: 'section.fed.meetings', appliesTo: isFederation, Component: lazy(() => import('./federations/FederationSections.tsx').then((m) => ({ default: m.FederationMeetings }))) },
  { id: 'loans', labelKey: 'section.fed.loans', appliesTo: isFederation, Component: lazy(() => import('./federations/FederationSections.tsx').then((m) => ({ default: m.FederationLoans }))) },
  { id: 'reconciliation', labelKey: 'section.fed.reconciliation', appliesTo: isFederation, Component: lazy(() => import('./federations/Reconciliation.tsx')) },
  { id: 'books', labelKey: 'section.fed.books', appliesTo: isFederation, Component: lazy(() => import('./federations/FederationReports.tsx')) },
  { id: 'federations', labelKey: 'section.fed.federations', appliesTo: isPlace, Component: lazy(() => import('./federations/PlaceFederations.tsx')) },
  { id: 'readiness', labelKey: 'section.fed.readiness', appliesTo: (kind) => kind === 'village' || kind === 'cluster', Component: lazy(() => import('./readiness/Readiness.tsx')) },
  { id: 'rules', labelKey: 'section.fed.rules', appliesTo: (kind) => kind === 'organisation', Component: lazy(() => import('./readiness/RuleSets.tsx')) },
  // Inclusion and social action (issue 5): the household register, coverage of the poor, social action and Panchayat demands.
  { id: 'households', labelKey: 'section.households', appliesTo: isPlace, Component: lazy(() => import('./inclusion/Households.tsx')) },
  { id: 'coverage', labelKey: 'section.coverage', appliesTo: isPlace, Component: lazy(() => import('./inclusion/Coverage.tsx')) },
  { id: 'social-action', labelKey: 'section.socialAction', appliesTo: (kind) => isPlace(kind) || isFederation(kind), Component: lazy(() => import('./inclusion/SocialAction.tsx')) },
  // Bank linkage (issue 4, item 3): applications, pendency, subvention claims of the SHGs under a place.
  { id: 'bank-linkage', labelKey: 'section.bankLinkage', appliesTo: isPlace, Component: lazy(() => import('./bank-linkage/BankLinkage.tsx')) },
  // Micro-business programme (issue 5): the programme's aggregate counts for this place, small cells as "<11" (cases themselves: #/cases).
  { id: 'micro-business', labelKey: 'section.microBusiness', appliesTo: isPlace, Component: lazy(() => import('./micro-business/ProgrammeReport.tsx')) },
  // Community professionals and training (issue 5): the cadre registry with honorarium and reviews; events, attendance, who is trained.
  { id: 'cadres', labelKey: 'section.cadres', appliesTo: (kind) => isPlace(kind) || isFederation(kind), Component: lazy(() => import('./cadres/Cadres.tsx')) },
  { id: 'training', labelKey: 'section.training', appliesTo: (kind) => isPlace(kind) || isFederation(kind), Component: lazy(() => import('./training/Training.tsx')) },
  // Grain bank (issue 5, item 5): a place lists the grain banks under it; an SHG's or VO's node page keeps its own (the SHG page links here).
  { id: 'grain-bank', labelKey: 'section.grainBank', appliesTo: (kind) => isPlace(kind) || (kind as string) === 'shg' || kind === 'vo', Component: lazy(() => import('./grain-bank/GrainBank.tsx')) },
  // Producer groups (issue 5, item 6): a place's groups and per-commodity report; a producer group's own page.
  { id: 'producer-groups', labelKey: 'section.producerGroups', appliesTo: isPlace, Component: lazy(() => import('./producer-groups/PlaceProducerGroups.tsx')) },
  { id: 'pg-members', labelKey: 'section.pg.members', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgMembers }))) },
  { id: 'pg-procurement', labelKey: 'section.pg.procurement', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgProcurement }))) },
  { id: 'pg-aggregation', labelKey: 'section.pg.aggregation', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgAggregation }))) },
  { id: 'pg-sales', labelKey: 'section.pg.sales', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgSales }))) },
  { id: 'pg-payments', labelKey: 'section.pg.payments', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgPayments }))) },
  { id: 'pg-stock', labelKey: 'section.pg.stock', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgStock }))) },
  { id: 'pg-reports', labelKey: 'section.pg.reports', appliesTo: isProducerGroup, Component: lazy(() => import('./producer-groups/ProducerGroupSections.tsx').then((m) => ({ default: m.PgReports }))) },
];
