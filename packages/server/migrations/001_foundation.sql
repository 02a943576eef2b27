-- Khata foundation schema. Forward-only: never edit a migration that has shipped; add a new file.
-- Every table carries organisation_id so that a distributed PostgreSQL (Citus) can shard by it later.

create table organisation (
  id            integer generated always as identity primary key,
  code          text not null unique,
  name          text not null,
  currency      char(3) not null default 'INR' check (currency in ('INR', 'BDT', 'NPR')),
  languages     text[] not null default '{en}',
  created_at    timestamptz not null default now()
);

-- The organisation tree: organisation → state → district → block/branch → cluster → village → institution.
-- Institutions (SHG, VO, CLF, BLF, producer group) are nodes too, so that scope checks are one rule: a path prefix.
create table node (
  id              uuid primary key,
  organisation_id integer not null references organisation,
  parent_id       uuid references node,
  kind            text not null check (kind in ('organisation','state','district','block','cluster','village',
                                                 'shg','vo','clf','blf','producer_group')),
  name            text not null,
  code            text not null,
  nrlm_code       text,
  lgd_code        text,
  path            text not null,           -- '/<root id>/…/<own id>/'
  created_at      timestamptz not null default now(),
  unique (organisation_id, code)
);
create index node_path_idx on node (path text_pattern_ops);
create index node_parent_idx on node (parent_id);

create table shg (
  node_id                  uuid primary key references node,
  organisation_id          integer not null references organisation,
  formed_on                date not null,
  meeting_frequency        text not null check (meeting_frequency in ('weekly','fortnightly','monthly')),
  meeting_day              smallint check (meeting_day between 0 and 6),
  compulsory_savings_paise bigint not null check (compulsory_savings_paise >= 0),
  status                   text not null default 'active' check (status in ('active','dormant','closed')),
  group_type               text not null default 'regular' check (group_type in ('regular','special')),
  special_tags             text[] not null default '{}',
  promoted_by              text,
  interest_rounding        text not null default 'paise' check (interest_rounding in ('paise','rupee-half-even','rupee-up','rupee-down')),
  started_with_cutoff_on   date
);

create table bank_account (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  node_id           uuid not null references node,
  bank_name         text not null,
  branch            text,
  ifsc              text,
  account_number_encrypted bytea not null,    -- AES-256-GCM; shown masked
  account_last4     text not null,
  opened_on         date,
  is_default        boolean not null default false
);

create table household (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  village_node_id   uuid not null references node,
  poverty_status    text not null default 'poor' check (poverty_status in ('poorest','poor','non-poor')),
  secc_deprivations text[] not null default '{}',
  pip_listed        boolean not null default false,
  categories        text[] not null default '{}',
  created_at        timestamptz not null default now()
);

create table member (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  shg_id            uuid not null references shg (node_id),
  household_id      uuid references household,
  membership_number integer not null check (membership_number > 0),  -- admission serial
  name              text not null,
  joined_on         date not null,
  left_on           date,
  status            text not null default 'active' check (status in ('active','left')),
  phone             text,
  date_of_birth     date,
  poverty_status    text not null default 'poor' check (poverty_status in ('poorest','poor','non-poor')),
  categories        text[] not null default '{}',
  nominee_name      text,
  nominee_relation  text,
  unique (shg_id, membership_number)
);
create index member_shg_idx on member (shg_id);

create table office_bearer (
  id              uuid primary key,
  organisation_id integer not null references organisation,
  node_id         uuid not null references node,
  member_id       uuid not null references member,
  role            text not null check (role in ('president','secretary','treasurer')),
  from_date       date not null,
  to_date         date
);

-- Bookkeeping entities: every institution keeps its own books.
create table entity (
  id              integer generated always as identity primary key,
  organisation_id integer not null references organisation,
  node_id         uuid not null unique references node,
  kind            text not null,
  code            text not null,
  currency        char(3) not null,
  unique (organisation_id, code)
);

create table account (
  id              integer generated always as identity primary key,
  organisation_id integer not null references organisation,
  entity_id       integer not null references entity,
  path            text not null check (path ~ '^[a-z0-9-]+(:[a-z0-9-]+)*$'),
  kind            text not null check (kind in ('asset','liability','equity','income','expense')),
  unique (entity_id, path)
);

create table journal_entry (
  id               bigint generated always as identity primary key,
  organisation_id  integer not null references organisation,
  entity_id        integer not null references entity,
  business_date    date not null,
  narration        text not null,
  source_type      text not null,
  command_id       uuid,
  meeting_id       uuid,
  transfer_id      uuid,
  reverses_entry_id bigint unique references journal_entry,
  reason           text,
  line_count       smallint not null check (line_count >= 2),
  posted_at        timestamptz not null default now(),
  check ((reverses_entry_id is null) = (reason is null))
);
create index journal_entry_entity_date_idx on journal_entry (entity_id, business_date);

-- Compact on purpose (budget: <= 150 bytes per line with indexes). Signed amounts: debit > 0, credit < 0.
create table journal_line (
  entry_id        bigint not null references journal_entry,
  line_no         smallint not null,
  organisation_id integer not null,
  account_id      integer not null references account,
  business_date   date not null,
  amount_paise    bigint not null check (amount_paise <> 0),
  member_id       uuid,
  loan_id         uuid,
  primary key (entry_id, line_no)
);
create index journal_line_account_idx on journal_line (account_id, business_date);

-- Balances per account and month, kept in the same transaction as the lines, for fast reports.
create table account_period_balance (
  account_id      integer not null references account,
  period          date not null,          -- first day of the month
  organisation_id integer not null,
  debit_paise     bigint not null default 0,
  credit_paise    bigint not null default 0,
  primary key (account_id, period)
);

-- Sub-ledger balances (per member, per loan) kept by the same trigger, so that a meeting reads a group's
-- position in constant time however long its history.
create table member_balance (
  account_id      integer not null references account,
  member_id       uuid not null,
  organisation_id integer not null,
  balance_paise   bigint not null default 0,
  primary key (account_id, member_id)
);
create table loan_balance (
  account_id      integer not null references account,
  loan_id         uuid not null,
  organisation_id integer not null,
  balance_paise   bigint not null default 0,
  primary key (account_id, loan_id)
);

create table period_lock (
  entity_id       integer primary key references entity,
  organisation_id integer not null,
  locked_through  date not null,
  locked_by       uuid,
  locked_at       timestamptz not null default now()
);

-- Posted books are never edited: the database itself refuses.
create function khata_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'KHATA_IMMUTABLE: % rows are append-only', tg_table_name using errcode = 'P0001';
end $$;

create trigger journal_entry_immutable before update or delete on journal_entry
  for each row execute function khata_refuse_change();
create trigger journal_line_immutable before update or delete on journal_line
  for each row execute function khata_refuse_change();
create trigger journal_entry_no_truncate before truncate on journal_entry
  for each statement execute function khata_refuse_change();
create trigger journal_line_no_truncate before truncate on journal_line
  for each statement execute function khata_refuse_change();

-- A journal entry is inserted whole, in one statement with all its lines; the statement must balance exactly,
-- carry exactly line_count lines, and stay inside one entity; lines land in period balances.
create function khata_check_lines() returns trigger language plpgsql as $$
declare bad record;
begin
  select e.id, coalesce(sum(l.amount_paise), 0) as total, count(l.*) as n, e.line_count,
         bool_and(a.entity_id = e.entity_id) as same_entity,
         bool_and(l.business_date = e.business_date) as same_date
    into bad
    from (select distinct entry_id from new_lines) x
    join journal_entry e on e.id = x.entry_id
    join journal_line l on l.entry_id = e.id
    join account a on a.id = l.account_id
   group by e.id, e.line_count
  having coalesce(sum(l.amount_paise), 0) <> 0 or count(l.*) <> e.line_count
      or not bool_and(a.entity_id = e.entity_id) or not bool_and(l.business_date = e.business_date)
   limit 1;
  if found then
    raise exception 'KHATA_UNBALANCED: entry % lines sum to % over % of % lines', bad.id, bad.total, bad.n, bad.line_count
      using errcode = 'P0001';
  end if;
  insert into account_period_balance as b (account_id, period, organisation_id, debit_paise, credit_paise)
  select account_id, date_trunc('month', business_date)::date, min(organisation_id),
         sum(greatest(amount_paise, 0)), sum(greatest(-amount_paise, 0))
    from new_lines group by account_id, date_trunc('month', business_date)
  on conflict (account_id, period) do update
     set debit_paise = b.debit_paise + excluded.debit_paise, credit_paise = b.credit_paise + excluded.credit_paise;
  insert into member_balance as b (account_id, member_id, organisation_id, balance_paise)
  select account_id, member_id, min(organisation_id), sum(amount_paise)
    from new_lines where member_id is not null group by account_id, member_id
  on conflict (account_id, member_id) do update set balance_paise = b.balance_paise + excluded.balance_paise;
  insert into loan_balance as b (account_id, loan_id, organisation_id, balance_paise)
  select account_id, loan_id, min(organisation_id), sum(amount_paise)
    from new_lines where loan_id is not null group by account_id, loan_id
  on conflict (account_id, loan_id) do update set balance_paise = b.balance_paise + excluded.balance_paise;
  return null;
end $$;
create trigger journal_line_balanced after insert on journal_line
  referencing new table as new_lines for each statement execute function khata_check_lines();

-- Closed periods are locked: no entry dated on or before the lock date.
create function khata_check_period() returns trigger language plpgsql as $$
declare through date;
begin
  select locked_through into through from period_lock where entity_id = new.entity_id;
  if through is not null and new.business_date <= through then
    raise exception 'KHATA_PERIOD_LOCKED: entity % is locked through %', new.entity_id, through using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger journal_entry_period before insert on journal_entry
  for each row execute function khata_check_period();

-- Loans: internal (group to member) and external (bank / VO-CIF / other to the group).
create table loan (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  entity_id        integer not null references entity,
  member_id        uuid references member,
  kind             text not null check (kind in ('internal-flexible','internal-scheduled','external-term','external-cash-credit')),
  lender           text check (lender in ('bank','vo-cif','other')),
  lender_name      text,
  principal_paise  bigint not null check (principal_paise > 0),
  limit_paise      bigint,
  disbursed_on     date not null,
  terms            jsonb not null,
  schedule         jsonb,
  purpose          text,
  status           text not null default 'open' check (status in ('open','closed','written-off','cancelled')),
  opened_by_cutoff boolean not null default false,
  command_id       uuid
);
create index loan_entity_idx on loan (entity_id);
create index loan_member_idx on loan (member_id);

-- Loan events, in order; a loan's state is the replay of these (core/loans.ts). Reversals are events too.
create table loan_event (
  id               uuid primary key,
  organisation_id  integer not null,
  loan_id          uuid not null references loan,
  seq              integer generated always as identity,
  entry_id         bigint references journal_entry,
  event            jsonb not null
);
create index loan_event_loan_idx on loan_event (loan_id, seq);
create trigger loan_event_immutable before update or delete on loan_event
  for each row execute function khata_refuse_change();

create table meeting (
  id                  uuid primary key,
  organisation_id     integer not null references organisation,
  shg_id              uuid not null references shg (node_id),
  date                date not null,
  entry_id            bigint references journal_entry,
  status              text not null default 'recorded' check (status in ('recorded','reversed')),
  reversal_entry_id   bigint references journal_entry,
  replaced_by         uuid references meeting,
  correction_reason   text,
  payload             jsonb not null,
  closing_cash_paise  bigint not null,
  cash_counted_paise  bigint,
  command_id          uuid not null,
  recorded_at         timestamptz not null default now()
);
-- One live meeting per group per date: a second device recording the same meeting is refused.
create unique index meeting_one_per_date on meeting (shg_id, date) where status = 'recorded';

-- Users, roles at tree nodes, sessions.
create table app_user (
  id              uuid primary key,
  organisation_id integer not null references organisation,
  username        text not null unique,
  name            text not null,
  password_hash   text not null,
  language        text not null default 'en' check (language in ('en','hi','bn','or')),
  active          boolean not null default true,
  created_at      timestamptz not null default now()
);

create table role_assignment (
  user_id         uuid not null references app_user,
  node_id         uuid not null references node,
  organisation_id integer not null,
  role            text not null check (role in ('admin','manager','staff','bookkeeper','auditor')),
  primary key (user_id, node_id, role)
);

create table session (
  token_hash      bytea primary key,           -- sha-256 of the token; the token itself is never stored
  user_id         uuid not null references app_user,
  kind            text not null check (kind in ('web','device')),
  device_id       text,
  created_at      timestamptz not null default now(),
  expires_at      timestamptz not null
);

-- Commands: the idempotency record. The same id again returns the stored result; the same id with another
-- payload is refused. Only applied commands are stored: a refused command writes nothing.
create table command (
  id               uuid primary key,
  organisation_id  integer not null,
  type             text not null,
  payload_hash     text not null,
  actor_id         uuid not null,
  device_id        text,
  business_date    date,
  device_time      timestamptz,
  server_time      timestamptz not null default now(),
  server_seq       bigint generated always as identity unique,
  result           jsonb not null
);

-- Maker-checker: money moving out can need a second person.
create table approval_request (
  id               uuid primary key,
  organisation_id  integer not null,
  node_id          uuid not null references node,
  kind             text not null,
  payload          jsonb not null,
  requested_by     uuid not null references app_user,
  requested_at     timestamptz not null default now(),
  status           text not null default 'pending' check (status in ('pending','approved','rejected')),
  decided_by       uuid references app_user,
  decided_at       timestamptz,
  check (decided_by is null or decided_by <> requested_by)
);

-- Append-only audit log of every write and of reads of sensitive data. No personal data in detail.
create table audit_log (
  id               bigint generated always as identity primary key,
  organisation_id  integer not null,
  at               timestamptz not null default now(),
  user_id          uuid,
  action           text not null,
  node_id          uuid,
  target_id        text,
  command_id       uuid,
  detail           jsonb
);
create trigger audit_log_immutable before update or delete on audit_log
  for each row execute function khata_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function khata_refuse_change();
