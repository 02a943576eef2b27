-- Federations (VO, CLF, BLF) and the money that moves between institutions.
-- A federation is a node of the tree with its own books (entity and chart, created by insertNode) and a row here.
-- Every movement between two institutions is one command writing both books in one transaction; its journal
-- entries carry one transfer id, which is also the id of its fund_transfer row (what moved, from whom, to whom).

create table federation (
  node_id              uuid primary key references node,
  organisation_id      integer not null references organisation,
  level                text not null check (level in ('vo','clf','blf')),
  formed_on            date not null,
  registered_as        text,
  registration_number  text,
  status               text not null default 'active' check (status in ('active','dormant','closed'))
);

-- Which institutions belong, since when, and what they paid on joining (posted in both books).
-- An institution belongs to one federation of the level above it at a time.
create table federation_membership (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  federation_id        uuid not null references federation (node_id),
  member_node_id       uuid not null references node,
  since                date not null,
  until                date,
  share_capital_paise  bigint not null default 0 check (share_capital_paise >= 0),
  membership_fee_paise bigint not null default 0 check (membership_fee_paise >= 0),
  transfer_id          uuid,
  command_id           uuid,
  check (until is null or until >= since)
);
create unique index federation_membership_live on federation_membership (member_node_id) where until is null;
create index federation_membership_federation_idx on federation_membership (federation_id);

-- The executive committee: representatives of member institutions (women from member SHGs) and office bearers.
create table federation_ec_member (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  federation_id        uuid not null references federation (node_id),
  person_id            uuid not null references member,
  represents_node_id   uuid not null references node,
  role                 text not null check (role in ('representative','president','vice-president','secretary','treasurer')),
  from_date            date not null,
  to_date              date,
  check (to_date is null or to_date >= from_date)
);
create index federation_ec_member_federation_idx on federation_ec_member (federation_id);

create table federation_sub_committee (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  federation_id        uuid not null references federation (node_id),
  name                 text not null,
  purpose              text,
  formed_on            date not null,
  dissolved_on         date,
  unique (federation_id, name)
);
create table federation_sub_committee_member (
  sub_committee_id     uuid not null references federation_sub_committee,
  person_id            uuid not null references member,
  organisation_id      integer not null,
  role                 text not null check (role in ('convenor','member')),
  primary key (sub_committee_id, person_id)
);

-- EC and general-body meetings: attendance and decisions (no money: a federation's money moves by commands).
create table federation_meeting (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  federation_id        uuid not null references federation (node_id),
  kind                 text not null check (kind in ('ec','gb')),
  date                 date not null,
  place                text,
  minutes              text,
  decisions            jsonb not null default '[]',
  command_id           uuid not null,
  recorded_at          timestamptz not null default now(),
  unique (federation_id, kind, date)
);
create table federation_meeting_attendance (
  meeting_id           uuid not null references federation_meeting,
  person_id            uuid not null references member,
  organisation_id      integer not null,
  represents_node_id   uuid not null references node,
  primary key (meeting_id, person_id)
);

-- One row per movement between two institutions. Its id is the transfer id on both sides' journal entries,
-- except for a receipt of a repayment an SHG made at its meeting: the SHG's side is the meeting's entry
-- (meeting_id), the lender's is the receipt entry (transfer id).
create table fund_transfer (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  kind                 text not null check (kind in ('grant','membership','loan','repayment','meeting-receipt')),
  fund                 text check (fund in ('rf','start-up','vrf','cif','other')),
  from_entity_id       integer not null references entity,
  to_entity_id         integer not null references entity,
  amount_paise         bigint not null check (amount_paise > 0),
  business_date        date not null,
  loan_id              uuid,
  meeting_id           uuid,
  detail               jsonb not null default '{}',
  command_id           uuid,
  created_at           timestamptz not null default now(),
  check (from_entity_id <> to_entity_id)
);
create index fund_transfer_from_idx on fund_transfer (from_entity_id, business_date);
create index fund_transfer_to_idx on fund_transfer (to_entity_id, business_date);
create unique index fund_transfer_one_receipt on fund_transfer (meeting_id, to_entity_id) where kind = 'meeting-receipt';
create index journal_entry_transfer_idx on journal_entry (transfer_id) where transfer_id is not null;

-- A loan between institutions has a loan row on each side: the borrower's (an outside loan, kind external-term,
-- so that an SHG repays it at its meetings) and the lender's (its receivable, kind lent-to-institution).
-- This row links them; its id is the borrower's loan id, the one both institutions know the loan by.
alter table loan drop constraint loan_kind_check;
alter table loan add constraint loan_kind_check
  check (kind in ('internal-flexible','internal-scheduled','external-term','external-cash-credit','lent-to-institution'));

create table institution_loan (
  id                   uuid primary key references loan,
  organisation_id      integer not null references organisation,
  fund                 text not null check (fund in ('cif','vrf')),
  lender_entity_id     integer not null references entity,
  borrower_entity_id   integer not null references entity,
  lender_loan_id       uuid not null unique references loan,
  -- The lender's own borrowing this loan was lent from (a VO's CIF loan from its CLF), and the share of the
  -- interest that belongs to that upper lender, as configured when the loan was made (kept: the rule version).
  funded_by            uuid references institution_loan,
  pass_up_percent      text not null default '0',
  -- A loan to a federation (CLF -> VO): the share of the interest the borrower's members pay on money lent on from
  -- it that comes up to this lender (the configured spread; the VO keeps the rest).
  on_lending_pass_up_percent text not null default '0',
  -- VRF: the member in distress the loan was made for (she borrows it from her SHG).
  beneficiary_member_id uuid references member,
  transfer_id          uuid not null,
  check (lender_entity_id <> borrower_entity_id)
);
create index institution_loan_lender_idx on institution_loan (lender_entity_id);
create index institution_loan_borrower_idx on institution_loan (borrower_entity_id);

create trigger fund_transfer_immutable before update or delete on fund_transfer
  for each row execute function khata_refuse_change();
create trigger institution_loan_immutable before update or delete on institution_loan
  for each row execute function khata_refuse_change();
