/**
 * Chart-of-accounts templates, one per kind of bookkeeping entity. Paths are hledger account names
 * (lowercase, colon-separated, no spaces) so that an exported journal is read by hledger unchanged; the top
 * segment decides the kind, as hledger infers it.
 * Templates list postable (leaf) accounts only; parents such as `liabilities:savings` exist implicitly.
 */

export type AccountKind = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export interface Account {
  path: string;
  kind: AccountKind;
  /** i18n key of the account's name, e.g. `account.assets.cash`. */
  nameKey: string;
}

export const ENTITY_KINDS = ['shg', 'vo', 'clf', 'blf', 'producer_group', 'organisation'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const KIND_BY_TOP: Record<string, AccountKind> = {
  assets: 'asset',
  liabilities: 'liability',
  equity: 'equity',
  income: 'income',
  expenses: 'expense',
};

const PATH = /^(assets|liabilities|equity|income|expenses)(:[a-z0-9]+(-[a-z0-9]+)*)+$/;

/** Is `path` a well-formed account path under one of the five top accounts? */
export function isAccountPath(path: string): boolean {
  return PATH.test(path);
}

/** The kind of an account, from its top segment; undefined for a malformed path. */
export function accountKindOf(path: string): AccountKind | undefined {
  return isAccountPath(path) ? KIND_BY_TOP[path.slice(0, path.indexOf(':'))] : undefined;
}

function account(path: string): Account {
  const kind = accountKindOf(path);
  if (!kind) throw new RangeError(`bad account path in a template: ${path}`);
  return { path, kind, nameKey: `account.${path.replaceAll(':', '.')}` };
}

/** Paths an SHG's books post to; code uses these names, never string literals. */
export const SHG_ACCOUNTS = {
  cash: 'assets:cash',
  bank: 'assets:bank',
  loansToMembers: 'assets:loans-to-members',
  fixedDeposits: 'assets:fixed-deposits',
  shareCapitalWithVo: 'assets:share-capital-with-vo',
  savingsCompulsory: 'liabilities:savings:compulsory',
  savingsVoluntary: 'liabilities:savings:voluntary',
  loansBank: 'liabilities:loans:bank',
  loansVoCif: 'liabilities:loans:vo-cif',
  loansOther: 'liabilities:loans:other',
  /** Honorarium accrued to community professionals (cadres) the group pays, not yet paid. */
  honorariumPayable: 'liabilities:honorarium-payable',
  revolvingFund: 'equity:revolving-fund',
  grants: 'equity:grants',
  openingBalance: 'equity:opening-balance',
  surplus: 'equity:surplus',
  interestMemberLoans: 'income:interest:member-loans',
  interestBank: 'income:interest:bank',
  fines: 'income:fines',
  membershipFees: 'income:membership-fees',
  incomeOther: 'income:other',
  /** Interest subvention the bank credits on a bank loan (DAY-NRLM): income of the group. */
  interestSubvention: 'income:interest-subvention',
  interestBankLoans: 'expenses:interest:bank-loans',
  interestVoLoans: 'expenses:interest:vo-loans',
  interestOtherLoans: 'expenses:interest:other-loans',
  meeting: 'expenses:meeting',
  stationery: 'expenses:stationery',
  bankCharges: 'expenses:bank-charges',
  honorarium: 'expenses:honorarium',
  travel: 'expenses:travel',
  loanWriteOff: 'expenses:loan-write-off',
  expensesOther: 'expenses:other',
} as const;

/** Lenders an SHG borrows from, and the accounts each loan and its interest post to. */
export const EXTERNAL_LENDERS = ['bank', 'vo-cif', 'other'] as const;
export type ExternalLender = (typeof EXTERNAL_LENDERS)[number];
export const EXTERNAL_LOAN_ACCOUNTS: Record<ExternalLender, { principal: string; interest: string }> = {
  bank: { principal: SHG_ACCOUNTS.loansBank, interest: SHG_ACCOUNTS.interestBankLoans },
  'vo-cif': { principal: SHG_ACCOUNTS.loansVoCif, interest: SHG_ACCOUNTS.interestVoLoans },
  other: { principal: SHG_ACCOUNTS.loansOther, interest: SHG_ACCOUNTS.interestOtherLoans },
};

/** Kinds of expense a meeting records, and the account each debits. */
export const EXPENSE_KINDS = {
  meeting: SHG_ACCOUNTS.meeting,
  stationery: SHG_ACCOUNTS.stationery,
  'bank-charges': SHG_ACCOUNTS.bankCharges,
  honorarium: SHG_ACCOUNTS.honorarium,
  travel: SHG_ACCOUNTS.travel,
  other: SHG_ACCOUNTS.expensesOther,
} as const;
export type ExpenseKind = keyof typeof EXPENSE_KINDS;

/**
 * Kinds of receipt (other than a member's savings, repayments and fines) and the account each credits.
 * Revolving Fund and grants are corpus given for good, hence equity, not income.
 */
export const RECEIPT_KINDS = {
  'membership-fee': SHG_ACCOUNTS.membershipFees,
  'bank-interest': SHG_ACCOUNTS.interestBank,
  'revolving-fund': SHG_ACCOUNTS.revolvingFund,
  grant: SHG_ACCOUNTS.grants,
  other: SHG_ACCOUNTS.incomeOther,
} as const;
export type ReceiptKind = keyof typeof RECEIPT_KINDS;

const SHG_PATHS = Object.values(SHG_ACCOUNTS);

/**
 * Paths a federation's (VO, CLF, BLF) books post to; code uses these names, never string literals.
 * A federation lends to the level below (its member institutions), borrows CIF from the level above, receives
 * grants and funds from the level above or the promoting organisation, and holds its members' share capital.
 */
export const FEDERATION_ACCOUNTS = {
  cash: 'assets:cash',
  bank: 'assets:bank',
  /** CIF lent to member SHGs (a VO's receivable; the SHG's `liabilities:loans:vo-cif`). */
  loansToShgs: 'assets:loans-to-shgs',
  /** VRF lent to member SHGs for members in distress (the SHG's `liabilities:loans:other`). */
  vrfLoansToShgs: 'assets:vrf-loans-to-shgs',
  /** CIF lent to member VOs (a CLF's receivable; the VO's `liabilities:cif:from-federation`). */
  loansToVos: 'assets:loans-to-vos',
  /** CIF lent to member CLFs (a BLF's receivable). */
  loansToClfs: 'assets:loans-to-clfs',
  /** The federation's own share in the federation above it. */
  shareCapitalWithFederation: 'assets:share-capital-with-federation',
  /** CIF borrowed from the federation above. */
  cifFromFederation: 'liabilities:cif:from-federation',
  /** CIF placed with the federation in perpetuity by the SRLM or the promoting organisation. */
  cifFromSrlm: 'liabilities:cif:from-srlm',
  /** The share of its members' CIF interest that belongs to the federation above, collected and not yet paid up. */
  interestPayableCif: 'liabilities:interest-payable:cif',
  /** The Vulnerability Reduction Fund: held for members in distress. */
  vrf: 'liabilities:vrf',
  /** Member institutions' share capital: refundable when a member leaves, hence a liability. */
  shareCapitalFromMembers: 'liabilities:share-capital:from-members',
  startUpFund: 'equity:start-up-fund',
  grants: 'equity:grants',
  openingBalance: 'equity:opening-balance',
  surplus: 'equity:surplus',
  interestLoansToShgs: 'income:interest:loans-to-shgs',
  interestVrfLoans: 'income:interest:vrf-loans',
  interestLoansToVos: 'income:interest:loans-to-vos',
  interestLoansToClfs: 'income:interest:loans-to-clfs',
  membershipFees: 'income:membership-fees',
  interestCif: 'expenses:interest:cif',
  /** Membership fees the federation pays to the federation above. */
  membershipFeesPaid: 'expenses:membership-fees',
  /** Grants the federation gives to its members (Revolving Fund, start-up fund, other). */
  grantsGiven: 'expenses:grants-given',
  /** Honorarium of the community professionals (cadres) the federation pays: accrued monthly, paid later. */
  honorarium: 'expenses:honorarium',
  honorariumPayable: 'liabilities:honorarium-payable',
} as const;

// Every federation level: the accounts of the first template (kept: charts only grow) and what all levels share.
const FEDERATION_PATHS = [
  'assets:cash',
  'assets:bank',
  'assets:fixed-deposits',
  'assets:loans-to-shgs',
  'assets:loans-to-members',
  'assets:share-capital-with-federation',
  'liabilities:cif:from-federation',
  'liabilities:cif:from-srlm',
  'liabilities:interest-payable:cif',
  'liabilities:vrf',
  'liabilities:share-capital:from-members',
  'liabilities:savings:from-members',
  'liabilities:loans:bank',
  'liabilities:loans:other',
  'liabilities:honorarium-payable',
  'equity:start-up-fund',
  'equity:grants',
  'equity:opening-balance',
  'equity:surplus',
  'income:interest:loans-to-shgs',
  'income:interest:loans-to-members',
  'income:interest:bank',
  'income:fines',
  'income:membership-fees',
  'income:service-charges',
  'income:other',
  'expenses:interest:cif',
  'expenses:interest:bank-loans',
  'expenses:membership-fees',
  'expenses:grants-given',
  'expenses:meeting',
  'expenses:stationery',
  'expenses:bank-charges',
  'expenses:honorarium',
  'expenses:salaries',
  'expenses:travel',
  'expenses:training',
  'expenses:rent',
  'expenses:audit',
  'expenses:loan-write-off',
  'expenses:other',
];

// What each level adds: the loans it makes to its own members.
const VO_PATHS = [...FEDERATION_PATHS, 'assets:vrf-loans-to-shgs', 'income:interest:vrf-loans'];
const CLF_PATHS = [...FEDERATION_PATHS, 'assets:loans-to-vos', 'income:interest:loans-to-vos'];
const BLF_PATHS = [...FEDERATION_PATHS, 'assets:loans-to-clfs', 'income:interest:loans-to-clfs'];

const PRODUCER_GROUP_PATHS = [
  'assets:cash',
  'assets:bank',
  'assets:inventory:inputs',
  'assets:inventory:produce',
  'assets:receivables:buyers',
  'assets:advances-to-members',
  'assets:equipment',
  'assets:share-capital-with-company',
  'liabilities:payables:members',
  'liabilities:payables:suppliers',
  'liabilities:share-capital:from-members',
  'liabilities:loans:bank',
  'liabilities:loans:federation',
  'equity:grants',
  'equity:opening-balance',
  'equity:surplus',
  'income:sales',
  'income:input-sales',
  'income:service-charges',
  'income:interest:bank',
  'income:other',
  'expenses:purchases:inputs',
  'expenses:purchases:produce',
  'expenses:cost-of-produce-sold',
  'expenses:cost-of-inputs-issued',
  'expenses:processing',
  'expenses:transport',
  'expenses:storage',
  'expenses:wages',
  'expenses:interest:loans',
  'expenses:bank-charges',
  'expenses:meeting',
  'expenses:other',
];

/**
 * Paths a producer group's books post to (code uses these names, never string literals). Stock is kept perpetually:
 * produce bought from members and inputs bought for them sit in inventory at cost until sold or issued, when their
 * cost (average cost, core/stock.ts) moves to the cost-of accounts; what members are owed for their produce is a
 * payable per member, what they owe for inputs taken on credit an advance per member.
 */
export const PRODUCER_GROUP_ACCOUNTS = {
  cash: 'assets:cash',
  bank: 'assets:bank',
  inputsStock: 'assets:inventory:inputs',
  produceStock: 'assets:inventory:produce',
  advancesToMembers: 'assets:advances-to-members',
  shareCapitalWithCompany: 'assets:share-capital-with-company',
  payablesMembers: 'liabilities:payables:members',
  payablesSuppliers: 'liabilities:payables:suppliers',
  shareCapitalFromMembers: 'liabilities:share-capital:from-members',
  sales: 'income:sales',
  inputSales: 'income:input-sales',
  costOfProduceSold: 'expenses:cost-of-produce-sold',
  costOfInputsIssued: 'expenses:cost-of-inputs-issued',
  processing: 'expenses:processing',
  transport: 'expenses:transport',
  storage: 'expenses:storage',
  wages: 'expenses:wages',
  bankCharges: 'expenses:bank-charges',
  meeting: 'expenses:meeting',
  expensesOther: 'expenses:other',
} as const;

/**
 * Accounts a grain bank adds to its institution's chart (an SHG's or a VO's) when the group decides to value it in
 * money: the grain in store and lent out at cost, members' contributions of grain as own funds, sales, the
 * interest in kind as income, the cost of grain sold and the losses as expenses. A grain bank kept in quantity
 * only posts nothing.
 */
export const GRAIN_BANK_ACCOUNTS = {
  cash: 'assets:cash',
  bank: 'assets:bank',
  stock: 'assets:grain-stock',
  loans: 'assets:grain-loans-to-members',
  contributions: 'equity:grain-contributions',
  sales: 'income:grain-sales',
  interest: 'income:interest:grain-loans',
  countGain: 'income:grain-count-gain',
  costOfSales: 'expenses:grain-cost-of-sales',
  losses: 'expenses:grain-losses',
} as const;

/** The grain-bank accounts an institution's chart gains when its grain bank is valued (charts only grow). */
export function grainBankAccounts(): Account[] {
  return [...new Set(Object.values(GRAIN_BANK_ACCOUNTS))].map(account);
}

const ORGANISATION_PATHS = [
  'assets:cash',
  'assets:bank',
  'assets:fixed-deposits',
  'assets:receivables:grants',
  'assets:advances:staff',
  'assets:equipment',
  'liabilities:payables',
  'liabilities:grants-unspent',
  'equity:general-fund',
  'equity:opening-balance',
  'equity:surplus',
  'income:grants',
  'income:donations',
  'income:interest:bank',
  'income:other',
  'expenses:salaries',
  'expenses:honorarium:cadre',
  'expenses:training',
  'expenses:travel',
  'expenses:rent',
  'expenses:programme',
  'expenses:audit',
  'expenses:bank-charges',
  'expenses:other',
];

const PATHS_BY_KIND: Record<EntityKind, readonly string[]> = {
  shg: SHG_PATHS,
  vo: VO_PATHS,
  clf: CLF_PATHS,
  blf: BLF_PATHS,
  producer_group: PRODUCER_GROUP_PATHS,
  organisation: ORGANISATION_PATHS,
};

/** The accounts a new entity of `kind` starts with (a fresh array each call: callers may extend it). */
export function chartTemplate(kind: EntityKind): Account[] {
  return PATHS_BY_KIND[kind].map(account);
}

/** A chart indexed by path, for look-ups while validating entries. */
export type Chart = ReadonlyMap<string, Account>;

export function chartOf(accounts: readonly Account[]): Chart {
  return new Map(accounts.map((a) => [a.path, a]));
}

/** The SHG chart, built once: most core use cases post to it. */
export const SHG_CHART: Chart = chartOf(chartTemplate('shg'));
