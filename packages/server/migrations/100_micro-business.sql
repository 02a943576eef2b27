-- The micro-business programme for survivors of trafficking (Sanjog's Kaarya), run by partner organisations.
-- Need-to-know: a case is reached only through an explicit, dated case assignment (mb_case_assignment), never
-- through the organisation tree or an administrator's role. Identifying fields and coaching notes are stored only
-- encrypted (AES-256-GCM, src/secrets.ts); everything else names the case by its pseudonymous code. None of these
-- tables is read by the sync pull: nothing here ever reaches a field device.

-- A partner organisation running the programme on this installation, placed at a node of the tree (its aggregate
-- counts roll up through the tree from there), with its own currency.
create table mb_partner (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  node_id          uuid not null references node,
  name             text not null,
  code             text not null check (code ~ '^[A-Z0-9-]{2,12}$'),
  country          char(2) not null check (country in ('IN','BD','NP')),
  currency         char(3) not null check (currency in ('INR','BDT','NPR')),
  created_at       timestamptz not null default now(),
  unique (organisation_id, code)
);
create index mb_partner_node_idx on mb_partner (node_id);

-- Programme roles of a partner's people: case workers (who are then assigned cases) and programme managers
-- (who assign cases and see the partner's aggregate report). A role is held from a date to a date.
create table mb_programme_role (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  partner_id       uuid not null references mb_partner,
  user_id          uuid not null references app_user,
  role             text not null check (role in ('case-worker','programme-manager')),
  from_date        date not null,
  to_date          date,
  granted_by       uuid not null,
  check (to_date is null or to_date >= from_date)
);
create index mb_programme_role_user_idx on mb_programme_role (user_id);
create index mb_programme_role_partner_idx on mb_programme_role (partner_id);

-- A participant's case. identity_sealed holds {name, phone, address, identityNumbers, story} as encrypted JSON.
create table mb_case (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  partner_id       uuid not null references mb_partner,
  code             text not null,
  status           text not null default 'enrolled' check (status in ('enrolled','planning','running','paused','closed')),
  opened_on        date not null,
  closed_on        date,
  closing_reason   text check (closing_reason in ('completed','withdrew','moved-away','other')),
  business_kind    text,
  identity_sealed  bytea not null,
  created_at       timestamptz not null default now(),
  check ((status = 'closed') = (closed_on is not null)),
  unique (partner_id, code)
);

-- Who may read and write a case, from a date to a date. The only door to a case.
create table mb_case_assignment (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  case_id          uuid not null references mb_case,
  user_id          uuid not null references app_user,
  from_date        date not null,
  to_date          date,
  assigned_by      uuid not null,
  check (to_date is null or to_date >= from_date)
);
create index mb_case_assignment_user_idx on mb_case_assignment (user_id, case_id);
create index mb_case_assignment_case_idx on mb_case_assignment (case_id);

-- Versions of a business plan: a plan revised is a new version; earlier versions are kept as they were.
create table mb_plan_version (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  case_id          uuid not null references mb_case,
  version          integer not null check (version > 0),
  drawn_up_on      date not null,
  starts_in        date not null check (extract(day from starts_in) = 1),  -- the plan's month 1
  business         text not null,
  figures          jsonb not null,
  reason           text,
  created_by       uuid not null,
  unique (case_id, version)
);
create trigger mb_plan_version_immutable before update or delete on mb_plan_version
  for each row execute function khata_refuse_change();

create table mb_risk (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  case_id          uuid not null references mb_case,
  risk             text not null,
  likelihood       text not null check (likelihood in ('low','medium','high')),
  mitigation       text not null,
  status           text not null default 'open' check (status in ('open','handled')),
  recorded_on      date not null
);
create index mb_risk_case_idx on mb_risk (case_id);

-- Social support and stakeholders around the business (family, SHG, Panchayat, police, buyers, suppliers…).
create table mb_support (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  case_id          uuid not null references mb_case,
  kind             text not null check (kind in ('family','shg','community','panchayat','police','ngo','government','buyer','supplier','other')),
  stakeholder      text not null,
  support          text not null,
  since            date not null,
  until            date,
  check (until is null or until >= since)
);
create index mb_support_case_idx on mb_support (case_id);

create table mb_workshop (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  case_id          uuid not null references mb_case,
  title            text not null,
  starts_on        date not null,
  days             smallint not null check (days between 1 and 60),
  days_attended    smallint not null check (days_attended between 0 and days)
);
create index mb_workshop_case_idx on mb_workshop (case_id);

create table mb_coaching_visit (
  id                 uuid primary key,
  organisation_id    integer not null references organisation,
  case_id            uuid not null references mb_case,
  visited_on         date not null,
  visited_by         uuid not null references app_user,
  notes_sealed       bytea not null,
  next_steps_sealed  bytea not null,
  next_visit_on      date,
  check (next_visit_on is null or next_visit_on >= visited_on)
);
create index mb_coaching_visit_case_idx on mb_coaching_visit (case_id, visited_on);

-- A month's business results (minor units of the partner's currency). A month recorded again replaces the figures.
create table mb_monthly_result (
  case_id          uuid not null references mb_case,
  month            date not null check (extract(day from month) = 1),
  organisation_id  integer not null references organisation,
  units_sold       integer check (units_sold >= 0),
  sales_minor      bigint not null check (sales_minor >= 0),
  costs_minor      bigint not null check (costs_minor >= 0),
  recorded_by      uuid not null,
  recorded_at      timestamptz not null default now(),
  primary key (case_id, month)
);
