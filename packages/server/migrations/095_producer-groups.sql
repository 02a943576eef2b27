-- Producer groups: an institution of the tree (node kind producer_group, its own entity and chart, made by
-- insertNode) with members drawn from SHGs, one commodity, its own stock (inputs bought for members, produce
-- aggregated from them) and its own books. Every money movement is one balanced entry of its books (entry_id).

create table producer_group (
  node_id              uuid primary key references node,
  organisation_id      integer not null references organisation,
  commodity            text not null check (commodity ~ '^[a-z][a-z0-9-]{0,39}$'),
  unit                 text not null check (unit in ('g','ml','unit')),
  formed_on            date not null,
  registered_as        text,
  registration_number  text,
  status               text not null default 'active' check (status in ('active','dormant','closed'))
);

-- Members: SHG members (one live membership per woman per group), with the share capital they paid in.
create table producer_group_member (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  group_id             uuid not null references producer_group (node_id),
  member_id            uuid not null references member,
  since                date not null,
  until                date,
  share_capital_paise  bigint not null default 0 check (share_capital_paise >= 0),
  command_id           uuid,
  check (until is null or until >= since)
);
create unique index producer_group_member_live on producer_group_member (group_id, member_id) where until is null;

-- Federation into producer companies: the group's membership of a company (a record by name; no books here).
create table producer_company_membership (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  group_id             uuid not null references producer_group (node_id),
  company_name         text not null,
  registration_number  text,
  since                date not null,
  share_capital_paise  bigint not null default 0 check (share_capital_paise >= 0),
  entry_id             bigint references journal_entry,
  command_id           uuid
);
create unique index producer_company_membership_one on producer_company_membership (group_id, lower(company_name));

-- The group's stock register: inputs bought and issued, produce aggregated and sold. Never edited.
create table produce_movement (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  group_id             uuid not null references producer_group (node_id),
  seq                  bigint generated always as identity,
  date                 date not null,
  item                 text not null,                 -- the commodity, or an input's name
  item_kind            text not null check (item_kind in ('produce','input')),
  unit                 text not null check (unit in ('g','ml','unit')),
  kind                 text not null check (kind in ('procurement','issue','aggregation','sale')),
  direction            text not null check (direction in ('in','out')),
  quantity             bigint not null check (quantity > 0),
  value_paise          bigint not null check (value_paise >= 0),     -- at cost (in: what it cost; out: average cost)
  amount_paise         bigint not null check (amount_paise >= 0),    -- money of the movement (paid, owed, received)
  price_paise          bigint check (price_paise >= 0),              -- per kg, litre or piece
  grade                text,
  terms                text check (terms in ('cash','bank','credit')),
  counterparty         text,                                         -- supplier or buyer (a business)
  member_id            uuid references member,
  collection_id        uuid,                                         -- aggregation: the collection day it belongs to
  entry_id             bigint references journal_entry,
  command_id           uuid
);
create index produce_movement_group_idx on produce_movement (group_id, date, seq);
create trigger produce_movement_immutable before update or delete on produce_movement
  for each row execute function khata_refuse_change();

-- Money paid to members for their produce (less input credit recovered), and the group's expenses.
create table producer_payment (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  group_id             uuid not null references producer_group (node_id),
  date                 date not null,
  member_id            uuid not null references member,
  amount_paise         bigint not null check (amount_paise >= 0),
  recovered_paise      bigint not null default 0 check (recovered_paise >= 0),
  paid_from            text not null check (paid_from in ('cash','bank')),
  entry_id             bigint not null references journal_entry,
  command_id           uuid
);
create index producer_payment_group_idx on producer_payment (group_id, date);

create table producer_expense (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  group_id             uuid not null references producer_group (node_id),
  date                 date not null,
  kind                 text not null,
  amount_paise         bigint not null check (amount_paise > 0),
  paid_from            text not null check (paid_from in ('cash','bank')),
  note                 text,
  entry_id             bigint not null references journal_entry,
  command_id           uuid
);
create index producer_expense_group_idx on producer_expense (group_id, date);
create trigger producer_payment_immutable before update or delete on producer_payment
  for each row execute function khata_refuse_change();
create trigger producer_expense_immutable before update or delete on producer_expense
  for each row execute function khata_refuse_change();
