-- Grain banks: an institution (an SHG or a VO) keeps grain in store, by kind, in grams, and lends it to its members
-- in kind with interest in kind. The register is the movements below (never edited); a stock position is their
-- replay (core/stock.ts). A valued grain bank also posts each movement to its institution's books (entry_id).

create table grain_bank (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  node_id           uuid not null unique references node,      -- the SHG or VO that keeps it (one bank each)
  name              text not null,
  opened_on         date not null,
  kinds             text[] not null check (cardinality(kinds) > 0),
  valued            boolean not null,                          -- fixed at set-up: quantity only, or also in money
  interest_percent  text not null default '25',                -- the usual interest in kind (25: 1.25 kg back per kg)
  command_id        uuid
);

-- A loan in kind to a member: grams lent, grams of interest agreed, and the cost of the grain lent (0 unvalued).
-- What came back is in grain_movement (kind 'repayment', loan_id); status is 'closed' once nothing is owed.
create table grain_loan (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  grain_bank_id     uuid not null references grain_bank,
  member_id         uuid not null references member,
  grain             text not null,
  issued_on         date not null,
  due_on            date,
  principal_grams   bigint not null check (principal_grams > 0),
  interest_percent  text not null,
  interest_grams    bigint not null check (interest_grams >= 0),
  cost_paise        bigint not null default 0 check (cost_paise >= 0),
  status            text not null default 'open' check (status in ('open','closed')),
  command_id        uuid,
  check (due_on is null or due_on >= issued_on)
);
create index grain_loan_bank_idx on grain_loan (grain_bank_id, member_id);

-- The stock register: one row per movement, in the order written (seq); dates never go back within a bank.
create table grain_movement (
  id                 uuid primary key,
  organisation_id    integer not null references organisation,
  grain_bank_id      uuid not null references grain_bank,
  seq                bigint generated always as identity,
  date               date not null,
  grain              text not null,
  kind               text not null check (kind in ('receipt','loan','repayment','sale','loss','count-gain','count-loss')),
  direction          text not null check (direction in ('in','out')),
  quantity_grams     bigint not null check (quantity_grams > 0),
  value_paise        bigint not null default 0 check (value_paise >= 0),
  -- receipts: contribution | purchase | donation | other; losses: spoilage | rats | pests | moisture | theft | other
  source             text,
  reason             text,
  note               text,
  price_per_kg_paise bigint check (price_per_kg_paise >= 0),
  amount_paise       bigint check (amount_paise >= 0),        -- money paid or received (purchases, sales)
  member_id          uuid references member,
  loan_id            uuid references grain_loan,
  principal_grams    bigint,                                  -- repayments: the split, interest first
  interest_grams     bigint,
  entry_id           bigint references journal_entry,
  command_id         uuid
);
create index grain_movement_bank_idx on grain_movement (grain_bank_id, date, seq);
create index grain_movement_loan_idx on grain_movement (loan_id) where loan_id is not null;
create trigger grain_movement_immutable before update or delete on grain_movement
  for each row execute function khata_refuse_change();

-- A physical count: per kind, what the register said and what was found; a difference is a movement.
create table grain_count (
  id                uuid not null,
  organisation_id   integer not null references organisation,
  grain_bank_id     uuid not null references grain_bank,
  date              date not null,
  grain             text not null,
  book_grams        bigint not null,
  counted_grams     bigint not null check (counted_grams >= 0),
  movement_id       uuid references grain_movement,
  command_id        uuid,
  primary key (id, grain)
);
create trigger grain_count_immutable before update or delete on grain_count
  for each row execute function khata_refuse_change();
