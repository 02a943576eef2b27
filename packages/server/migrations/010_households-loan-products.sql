-- A household is named by its head in the register; SECC and PIP data as in DOMAIN.md.
alter table household add column head_name text;
alter table household add column pip_vetted_on date;

-- Loan products: named terms an organisation offers, defined at a node and offered to the SHGs below it.
-- A disbursement copies the product's terms into the loan (the product may change later; the loan does not).
create table loan_product (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  node_id          uuid not null references node,
  name             text not null,
  terms            jsonb not null,
  active           boolean not null default true,
  created_at       timestamptz not null default now()
);
create index loan_product_node_idx on loan_product (node_id);
