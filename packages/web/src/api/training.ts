/**
 * API client for training and events (server: http/routes/training.ts): modules, events under a node, one event
 * with its attendance per day, who is trained in what. Writes are commands (api.command).
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const TRAINING_EVENT_KINDS = ['workshop', 'batch', 'conference', 'exposure-visit'] as const;
export const PARTICIPANT_KINDS = ['member', 'cadre', 'staff', 'other'] as const;
export type TrainingEventKind = (typeof TRAINING_EVENT_KINDS)[number];
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export interface TrainingModule {
  id: string;
  code: string;
  name: string;
  requiredDays: number;
  description: string | null;
}

export interface TrainingEventSummary {
  id: string;
  kind: TrainingEventKind;
  title: string;
  place: string | null;
  startDate: IsoDate;
  endDate: IsoDate;
  status: 'planned' | 'completed';
  nodeId: string;
  nodeName: string;
  moduleCode: string | null;
  moduleName: string | null;
  trainers: string[];
  participants: number;
  completed: number;
}

export interface TrainingEventDetail {
  event: {
    id: string; kind: TrainingEventKind; title: string; place: string | null; startDate: IsoDate; endDate: IsoDate; trainers: string[]; notes: string | null;
    status: 'planned' | 'completed'; completedOn: IsoDate | null; nodeId: string; nodeName: string; moduleId: string | null; moduleCode: string | null; moduleName: string | null; requiredDays: number | null;
  };
  days: IsoDate[];
  byDay: Array<{ day: IsoDate; present: number }>;
  participants: Array<{ id: string; kind: ParticipantKind; name: string; memberId: string | null; cadreId: string | null; institutionId: string | null; institutionName: string | null; completed: boolean | null; attendedDays: number | null; present: IsoDate[] }>;
}

export interface Trained {
  name: string;
  kind: string;
  institutionName: string | null;
  institutionKind: string | null;
  module: string;
  moduleName: string | null;
  completedOn: IsoDate;
  eventTitle: string | null;
}

export const trainingPaths = {
  events: '/api/training/events',
  trained: '/api/training/trained',
  modules: '/api/training/modules',
};

export const trainingApi = {
  modules: (o: Opt = {}) => request<{ modules: TrainingModule[] }>('GET', '/api/training/modules', o).then((r) => r.modules),
  events: (nodeId: Id, o: Opt = {}) => request<{ events: TrainingEventSummary[] }>('GET', `/api/training/events${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.events),
  event: (id: Id, o: Opt = {}) => request<TrainingEventDetail>('GET', `/api/training/events/${enc(id)}`, o),
  trained: (nodeId: Id, o: Opt = {}) => request<{ trained: Trained[] }>('GET', `/api/training/trained${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.trained),
};
