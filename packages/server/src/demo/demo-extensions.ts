/**
 * The demo's later chapters (bank linkage, households, cadres, trainings, grain bank, producer group,
 * micro-business case…), each in its own file `demo-<area>.ts`, run in this order after the groups' year and the
 * federations. Like the rest of the demo they go only through the real commands and are deterministic for a seed.
 */
import type { Database } from '../db/pool.ts';
import type { Commands, DemoPlan } from './generate-demo.ts';
import { demoHouseholds } from './demo-households.ts';
import { demoBankLinkage } from './demo-bank-linkage.ts';
import { demoFederationStages } from './demo-federation-stages.ts';
import { demoMicroBusiness } from './demo-micro-business.ts';
import { demoCadres } from './demo-cadres.ts';
import { demoGrainAndProduce } from './demo-grain-and-produce.ts';

export interface DemoContext {
  db: Database;
  /** The organisation's administrator. */
  cmd: Commands;
  plan: DemoPlan;
  rootId: string;
  seed: number;
  /** Commands as another demo user (e.g. 'manager.baruipur'); the administrator if that user does not exist. */
  commandsOf(username: string): Promise<Commands>;
}

export interface DemoExtension {
  /** Shown on the progress line while it runs. */
  label: string;
  run(context: DemoContext): Promise<void>;
}

export const DEMO_EXTENSIONS: DemoExtension[] = [
  demoBankLinkage,
  demoFederationStages,
  demoMicroBusiness,
  demoCadres,
  demoGrainAndProduce,
  // Last: it registers the household of every member the chapters before it admitted.
  demoHouseholds,
];
