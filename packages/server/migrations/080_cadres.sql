-- Community professionals (cadres): the registry, their status history, certifications, the institutions they
-- serve (and which institution pays for each), honorarium rules per payer and cadre type (dated versions),
-- honorarium accrued and paid in the payer's books (each one journal entry), and periodic performance reviews.

-- Types an organisation adds to the built-in ones (bookkeeper, crp, bank-mitra, vrp, community-mobiliser).
create table cadre_type (
  organisation_id  integer not null references organisation,
  code             text not null check (code ~ '^[a-z0-9-]{2,40}$'),
  name             text not null,
  created_at       timestamptz not null default now(),
  primary key (organisation_id, code)
);

create table cadre (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  -- Where she is registered (a village, a block…): the scope her record is read and changed in.
  node_id          uuid not null references node,
  -- When she is an SHG member: her member record (her name is read from it).
  member_id        uuid references member,
  name             text not null,
  phone            text,
  cadre_type       text not null check (cadre_type ~ '^[a-z0-9-]{2,40}$'),
  status           text not null default 'active' check (status in ('active','inactive','left')),
  joined_on        date not null,
  left_on          date,
  created_at       timestamptz not null default now(),
  command_id       uuid,
  check (left_on is null or left_on >= joined_on),
  check ((status = 'left') = (left_on is not null))
);
create index cadre_node_idx on cadre (node_id);
create unique index cadre_member_type_once on cadre (member_id, cadre_type) where member_id is not null;

-- Every change of status (and her registration) as a line of her history.
create table cadre_status_change (
  id               bigint generated always as identity primary key,
  organisation_id  integer not null references organisation,
  cadre_id         uuid not null references cadre,
  status           text not null check (status in ('active','inactive','left')),
  on_date          date not null,
  reason           text,
  changed_by       uuid not null references app_user,
  command_id       uuid
);
create index cadre_status_change_cadre_idx on cadre_status_change (cadre_id, on_date);

create table cadre_certification (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  cadre_id         uuid not null references cadre,
  name             text not null,
  issued_by        text,
  issued_on        date not null,
  valid_until      date,
  command_id       uuid,
  check (valid_until is null or valid_until >= issued_on)
);
create index cadre_certification_cadre_idx on cadre_certification (cadre_id);

-- The institutions she serves, from/to, and the institution that pays her for it.
create table cadre_assignment (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  cadre_id         uuid not null references cadre,
  institution_id   uuid not null references node,
  payer_id         uuid not null references node,
  from_date        date not null,
  to_date          date,
  command_id       uuid,
  check (to_date is null or to_date >= from_date)
);
create index cadre_assignment_cadre_idx on cadre_assignment (cadre_id);
create index cadre_assignment_institution_idx on cadre_assignment (institution_id);
create index cadre_assignment_payer_idx on cadre_assignment (payer_id);

-- A payer's honorarium rule for a cadre type, effective from a date; a change is a new version.
create table honorarium_rule (
  id                  uuid primary key,
  organisation_id     integer not null references organisation,
  payer_id            uuid not null references node,
  cadre_type          text not null,
  effective_from      date not null,
  fixed_monthly_paise bigint not null default 0 check (fixed_monthly_paise >= 0),
  per_group_paise     bigint not null default 0 check (per_group_paise >= 0),
  per_meeting_paise   bigint not null default 0 check (per_meeting_paise >= 0),
  created_by          uuid not null references app_user,
  created_at          timestamptz not null default now(),
  command_id          uuid,
  unique (payer_id, cadre_type, effective_from)
);
create trigger honorarium_rule_immutable before update or delete on honorarium_rule
  for each row execute function khata_refuse_change();

-- A month's honorarium accrued in the payer's books (expense Dr, honorarium payable Cr): one per cadre, payer, month.
create table honorarium_accrual (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  cadre_id         uuid not null references cadre,
  payer_id         uuid not null references node,
  month            date not null check (extract(day from month) = 1),
  amount_paise     bigint not null check (amount_paise > 0),
  rule_id          uuid references honorarium_rule,
  detail           jsonb not null,
  entry_id         bigint not null references journal_entry,
  accrued_on       date not null,
  command_id       uuid,
  unique (cadre_id, payer_id, month)
);
create index honorarium_accrual_payer_idx on honorarium_accrual (payer_id, month);

-- Honorarium paid out of the payer's cash or bank (honorarium payable Dr, cash/bank Cr).
create table honorarium_payment (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  cadre_id         uuid not null references cadre,
  payer_id         uuid not null references node,
  amount_paise     bigint not null check (amount_paise > 0),
  paid_on          date not null,
  paid_from        text not null check (paid_from in ('cash','bank')),
  reference        text,
  entry_id         bigint not null references journal_entry,
  command_id       uuid
);
create index honorarium_payment_cadre_idx on honorarium_payment (cadre_id, payer_id);
create trigger honorarium_accrual_immutable before update or delete on honorarium_accrual
  for each row execute function khata_refuse_change();
create trigger honorarium_payment_immutable before update or delete on honorarium_payment
  for each row execute function khata_refuse_change();

-- A periodic performance review by the paying institution: the indicators computed from the records as they were
-- when reviewed (kept as computed), the reviewer's rating and notes.
create table cadre_review (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  cadre_id         uuid not null references cadre,
  reviewer_id      uuid not null references node,
  period_from      date not null,
  period_to        date not null,
  rating           smallint not null check (rating between 1 and 5),
  notes            text,
  indicators       jsonb not null,
  reviewed_by      uuid not null references app_user,
  reviewed_at      timestamptz not null default now(),
  command_id       uuid,
  check (period_to >= period_from)
);
create index cadre_review_cadre_idx on cadre_review (cadre_id, period_to);
create trigger cadre_review_immutable before update or delete on cadre_review
  for each row execute function khata_refuse_change();

-- Training participants who are cadres (migration 075 could not reference this table yet).
alter table training_participant add constraint training_participant_cadre_fk foreign key (cadre_id) references cadre;
