import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Kysely's view of the tables in migrations/*.sql. Kept by hand, beside the SQL it mirrors. */
type Json = JSONColumnType<any, any, any>;
type DefaultNow = ColumnType<Date, Date | string | undefined, never>;

export interface OrganisationTable {
  id: Generated<number>;
  code: string;
  name: string;
  currency: string;
  languages: string[];
  created_at: DefaultNow;
}
export interface NodeTable {
  id: string;
  organisation_id: number;
  parent_id: string | null;
  kind: 'organisation' | 'state' | 'district' | 'block' | 'cluster' | 'village' | 'shg' | 'vo' | 'clf' | 'blf' | 'producer_group';
  name: string;
  code: string;
  nrlm_code: string | null;
  lgd_code: string | null;
  path: string;
  created_at: DefaultNow;
}
export interface ShgTable {
  node_id: string;
  organisation_id: number;
  formed_on: string;
  meeting_frequency: 'weekly' | 'fortnightly' | 'monthly';
  meeting_day: number | null;
  compulsory_savings_paise: number;
  status: ColumnType<'active' | 'dormant' | 'closed', string | undefined, string>;
  group_type: ColumnType<string, string | undefined, string>;
  special_tags: ColumnType<string[], string[] | undefined, string[]>;
  promoted_by: string | null;
  interest_rounding: ColumnType<string, string | undefined, string>;
  started_with_cutoff_on: string | null;
}
export interface BankAccountTable {
  id: string;
  organisation_id: number;
  node_id: string;
  bank_name: string;
  branch: string | null;
  ifsc: string | null;
  account_number_encrypted: Buffer;
  account_last4: string;
  opened_on: string | null;
  is_default: boolean;
}
export interface HouseholdTable {
  id: string;
  organisation_id: number;
  village_node_id: string;
  poverty_status: string;
  secc_deprivations: string[];
  pip_listed: boolean;
  categories: string[];
  created_at: DefaultNow;
  head_name: string | null;
  pip_vetted_on: string | null;
}
export interface LoanProductTable {
  id: string;
  organisation_id: number;
  node_id: string;
  name: string;
  terms: Json;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultNow;
}
export interface MemberTable {
  id: string;
  organisation_id: number;
  shg_id: string;
  household_id: string | null;
  membership_number: number;
  name: string;
  joined_on: string;
  left_on: string | null;
  status: ColumnType<'active' | 'left', string | undefined, string>;
  phone: string | null;
  date_of_birth: string | null;
  poverty_status: ColumnType<string, string | undefined, string>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  nominee_name: string | null;
  nominee_relation: string | null;
}
export interface OfficeBearerTable {
  id: string;
  organisation_id: number;
  node_id: string;
  member_id: string;
  role: 'president' | 'secretary' | 'treasurer';
  from_date: string;
  to_date: string | null;
}
export interface EntityTable {
  id: Generated<number>;
  organisation_id: number;
  node_id: string;
  kind: string;
  code: string;
  currency: string;
}
export interface AccountTable {
  id: Generated<number>;
  organisation_id: number;
  entity_id: number;
  path: string;
  kind: 'asset' | 'liability' | 'equity' | 'income' | 'expense';
}
export interface JournalEntryTable {
  id: Generated<number>;
  organisation_id: number;
  entity_id: number;
  business_date: string;
  narration: string;
  source_type: string;
  command_id: string | null;
  meeting_id: string | null;
  transfer_id: string | null;
  reverses_entry_id: number | null;
  reason: string | null;
  line_count: number;
  posted_at: DefaultNow;
}
export interface JournalLineTable {
  entry_id: number;
  line_no: number;
  organisation_id: number;
  account_id: number;
  business_date: string;
  amount_paise: number;
  member_id: string | null;
  loan_id: string | null;
}
export interface AccountPeriodBalanceTable {
  account_id: number;
  period: string;
  organisation_id: number;
  debit_paise: number;
  credit_paise: number;
}
export interface MemberBalanceTable {
  account_id: number;
  member_id: string;
  organisation_id: number;
  balance_paise: number;
}
export interface LoanBalanceTable {
  account_id: number;
  loan_id: string;
  organisation_id: number;
  balance_paise: number;
}
export interface PeriodLockTable {
  entity_id: number;
  organisation_id: number;
  locked_through: string;
  locked_by: string | null;
  locked_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface LoanTable {
  id: string;
  organisation_id: number;
  entity_id: number;
  member_id: string | null;
  kind: 'internal-flexible' | 'internal-scheduled' | 'external-term' | 'external-cash-credit';
  lender: 'bank' | 'vo-cif' | 'other' | null;
  lender_name: string | null;
  principal_paise: number;
  limit_paise: number | null;
  disbursed_on: string;
  terms: Json;
  schedule: Json | null;
  purpose: string | null;
  status: ColumnType<'open' | 'closed' | 'written-off' | 'cancelled', string | undefined, string>;
  opened_by_cutoff: ColumnType<boolean, boolean | undefined, boolean>;
  command_id: string | null;
  /** 002: the loan number in the paper ledger or the lender's loan account number. */
  reference: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface LoanEventTable {
  id: string;
  organisation_id: number;
  loan_id: string;
  seq: Generated<number>;
  entry_id: number | null;
  event: Json;
}
export interface MeetingTable {
  id: string;
  organisation_id: number;
  shg_id: string;
  date: string;
  entry_id: number | null;
  status: ColumnType<'recorded' | 'reversed', string | undefined, string>;
  reversal_entry_id: number | null;
  replaced_by: string | null;
  correction_reason: string | null;
  payload: Json;
  closing_cash_paise: number;
  cash_counted_paise: number | null;
  command_id: string;
  recorded_at: DefaultNow;
}
export interface AppUserTable {
  id: string;
  organisation_id: number;
  username: string;
  name: string;
  password_hash: string;
  language: ColumnType<'en' | 'hi' | 'bn' | 'or', string | undefined, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultNow;
}
export interface RoleAssignmentTable {
  user_id: string;
  node_id: string;
  organisation_id: number;
  role: 'admin' | 'manager' | 'staff' | 'bookkeeper' | 'auditor';
}
export interface SessionTable {
  token_hash: Buffer;
  user_id: string;
  kind: 'web' | 'device';
  device_id: string | null;
  created_at: DefaultNow;
  expires_at: Date | string;
}
export interface CommandTable {
  id: string;
  organisation_id: number;
  type: string;
  payload_hash: string;
  actor_id: string;
  device_id: string | null;
  business_date: string | null;
  device_time: Date | string | null;
  server_time: DefaultNow;
  server_seq: Generated<number>;
  result: Json;
}
export interface ApprovalRequestTable {
  id: string;
  organisation_id: number;
  node_id: string;
  kind: string;
  payload: Json;
  requested_by: string;
  requested_at: DefaultNow;
  status: ColumnType<'pending' | 'approved' | 'rejected', string | undefined, string>;
  decided_by: string | null;
  decided_at: Date | string | null;
  /** 002 */
  decision_note: ColumnType<string | null, string | null | undefined, string | null>;
  entry_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface AuditLogTable {
  id: Generated<number>;
  organisation_id: number;
  at: DefaultNow;
  user_id: string | null;
  action: string;
  node_id: string | null;
  target_id: string | null;
  command_id: string | null;
  detail: Json | null;
}

export interface DB {
  organisation: OrganisationTable;
  node: NodeTable;
  shg: ShgTable;
  bank_account: BankAccountTable;
  household: HouseholdTable;
  loan_product: LoanProductTable;
  member: MemberTable;
  office_bearer: OfficeBearerTable;
  entity: EntityTable;
  account: AccountTable;
  journal_entry: JournalEntryTable;
  journal_line: JournalLineTable;
  account_period_balance: AccountPeriodBalanceTable;
  member_balance: MemberBalanceTable;
  loan_balance: LoanBalanceTable;
  period_lock: PeriodLockTable;
  loan: LoanTable;
  loan_event: LoanEventTable;
  meeting: MeetingTable;
  app_user: AppUserTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  command: CommandTable;
  approval_request: ApprovalRequestTable;
  audit_log: AuditLogTable;
  // — bank linkage (060): tables below —
  bank_loan_application: BankLoanApplicationTable;
  subvention_credit: SubventionCreditTable;
  // — inclusion, social action, Panchayat demands (070): tables below —
  // — training and events (075): tables below —
  training_module: { id: string; organisation_id: number; code: string; name: string; required_days: number; description: string | null; created_at: DefaultNow; command_id: string | null };
  training_event: {
    id: string; organisation_id: number; node_id: string; kind: 'workshop' | 'batch' | 'conference' | 'exposure-visit'; module_id: string | null; title: string; place: string | null;
    start_date: string; end_date: string; trainers: ColumnType<string[], string[] | undefined, string[]>; notes: string | null;
    status: ColumnType<'planned' | 'completed', 'planned' | 'completed' | undefined, 'planned' | 'completed'>; completed_on: string | null; created_at: DefaultNow; command_id: string | null;
  };
  training_participant: {
    id: string; organisation_id: number; event_id: string; kind: 'member' | 'cadre' | 'staff' | 'other'; member_id: string | null; cadre_id: string | null; user_id: string | null;
    name: string | null; institution_id: string | null; completed: boolean | null; attended_days: number | null; training_record_id: string | null; command_id: string | null;
  };
  training_attendance: { participant_id: string; day: string; organisation_id: number; event_id: string };
  // — cadres (080): tables below —
  cadre_type: { organisation_id: number; code: string; name: string; created_at: DefaultNow };
  cadre: {
    id: string; organisation_id: number; node_id: string; member_id: string | null; name: string; phone: string | null; cadre_type: string;
    status: ColumnType<'active' | 'inactive' | 'left', 'active' | 'inactive' | 'left' | undefined, 'active' | 'inactive' | 'left'>; joined_on: string; left_on: string | null; created_at: DefaultNow; command_id: string | null;
  };
  cadre_status_change: { id: Generated<number>; organisation_id: number; cadre_id: string; status: 'active' | 'inactive' | 'left'; on_date: string; reason: string | null; changed_by: string; command_id: string | null };
  cadre_certification: { id: string; organisation_id: number; cadre_id: string; name: string; issued_by: string | null; issued_on: string; valid_until: string | null; command_id: string | null };
  cadre_assignment: { id: string; organisation_id: number; cadre_id: string; institution_id: string; payer_id: string; from_date: string; to_date: string | null; command_id: string | null };
  honorarium_rule: {
    id: string; organisation_id: number; payer_id: string; cadre_type: string; effective_from: string; fixed_monthly_paise: number; per_group_paise: number; per_meeting_paise: number;
    created_by: string; created_at: DefaultNow; command_id: string | null;
  };
  honorarium_accrual: {
    id: string; organisation_id: number; cadre_id: string; payer_id: string; month: string; amount_paise: number; rule_id: string | null; detail: Json; entry_id: number; accrued_on: string; command_id: string | null;
  };
  honorarium_payment: {
    id: string; organisation_id: number; cadre_id: string; payer_id: string; amount_paise: number; paid_on: string; paid_from: 'cash' | 'bank'; reference: string | null; entry_id: number; command_id: string | null;
  };
  cadre_review: {
    id: string; organisation_id: number; cadre_id: string; reviewer_id: string; period_from: string; period_to: string; rating: number; notes: string | null; indicators: Json;
    reviewed_by: string; reviewed_at: DefaultNow; command_id: string | null;
  };
  // — grain bank (090): tables below —
  grain_bank: { id: string; organisation_id: number; node_id: string; name: string; opened_on: string; kinds: string[]; valued: boolean; interest_percent: ColumnType<string, string | undefined, string>; command_id: string | null };
  grain_loan: {
    id: string; organisation_id: number; grain_bank_id: string; member_id: string; grain: string; issued_on: string; due_on: string | null; principal_grams: number; interest_percent: string;
    interest_grams: number; cost_paise: number; status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>; command_id: string | null;
  };
  grain_movement: {
    id: string; organisation_id: number; grain_bank_id: string; seq: Generated<number>; date: string; grain: string;
    kind: 'receipt' | 'loan' | 'repayment' | 'sale' | 'loss' | 'count-gain' | 'count-loss'; direction: 'in' | 'out'; quantity_grams: number; value_paise: number;
    source: string | null; reason: string | null; note: string | null; price_per_kg_paise: number | null; amount_paise: number | null; member_id: string | null; loan_id: string | null;
    principal_grams: number | null; interest_grams: number | null; entry_id: number | null; command_id: string | null;
  };
  grain_count: { id: string; organisation_id: number; grain_bank_id: string; date: string; grain: string; book_grams: number; counted_grams: number; movement_id: string | null; command_id: string | null };
  // — producer groups (095): tables below —
  producer_group: {
    node_id: string; organisation_id: number; commodity: string; unit: 'g' | 'ml' | 'unit'; formed_on: string; registered_as: string | null; registration_number: string | null;
    status: ColumnType<'active' | 'dormant' | 'closed', 'active' | 'dormant' | 'closed' | undefined, 'active' | 'dormant' | 'closed'>;
  };
  producer_group_member: { id: string; organisation_id: number; group_id: string; member_id: string; since: string; until: string | null; share_capital_paise: number; command_id: string | null };
  producer_company_membership: {
    id: string; organisation_id: number; group_id: string; company_name: string; registration_number: string | null; since: string; share_capital_paise: number; entry_id: number | null; command_id: string | null;
  };
  produce_movement: {
    id: string; organisation_id: number; group_id: string; seq: Generated<number>; date: string; item: string; item_kind: 'produce' | 'input'; unit: 'g' | 'ml' | 'unit';
    kind: 'procurement' | 'issue' | 'aggregation' | 'sale'; direction: 'in' | 'out'; quantity: number; value_paise: number; amount_paise: number; price_paise: number | null;
    grade: string | null; terms: 'cash' | 'bank' | 'credit' | null; counterparty: string | null; member_id: string | null; collection_id: string | null; entry_id: number | null; command_id: string | null;
  };
  producer_payment: { id: string; organisation_id: number; group_id: string; date: string; member_id: string; amount_paise: number; recovered_paise: number; paid_from: 'cash' | 'bank'; entry_id: number; command_id: string | null };
  producer_expense: { id: string; organisation_id: number; group_id: string; date: string; kind: string; amount_paise: number; paid_from: 'cash' | 'bank'; note: string | null; entry_id: number; command_id: string | null };
  // — micro-business programme (100): tables below —
}

// Bank linkage (migration 060).
export interface BankLoanApplicationTable {
  id: string;
  organisation_id: number;
  shg_id: string;
  bank_name: string;
  branch_name: string | null;
  product: 'term-loan' | 'cash-credit';
  amount_requested_paise: number;
  purpose: string | null;
  submitted_on: string;
  dose: number;
  corpus_paise: number;
  dose_limit_paise: number;
  eligible: boolean;
  eligibility: Json;
  rule_set_id: string | null;
  rule_set_version: number;
  submitted_by: string;
  command_id: string | null;
  created_at: DefaultNow;
  status: ColumnType<'submitted' | 'sanctioned' | 'rejected' | 'disbursed', string | undefined, string>;
  decided_on: string | null;
  sanctioned_paise: number | null;
  sanctioned_rate_percent: string | null;
  sanctioned_term_months: number | null;
  rejection_reason: string | null;
  override_reason: string | null;
  decided_by: string | null;
  decision_command_id: string | null;
  loan_id: string | null;
  disbursed_on: string | null;
}
export interface SubventionCreditTable {
  id: string;
  organisation_id: number;
  loan_id: string;
  period_from: string;
  period_to: string;
  credited_on: string;
  amount_paise: number;
  computed_paise: number;
  prompt_payee: boolean;
  entry_id: number;
  recorded_by: string;
  command_id: string | null;
  created_at: DefaultNow;
}
