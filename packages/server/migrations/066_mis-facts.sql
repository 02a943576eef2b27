-- Per-SHG facts of the consolidated MIS (decision 0010): the figures the MIS sums, per SHG and date (month ends
-- for the series, and any other "as of" date asked for), computed by the per-SHG code path (queries/mis-facts.ts)
-- and summed by one aggregate query per request. A fact is deleted as soon as something it was computed from
-- changes (the triggers below), and recomputed on demand by the next MIS that needs it.

create table mis_shg_fact (
  shg_node_id              uuid not null references shg (node_id),
  as_of                    date not null,
  -- Freshness: the business date (and moment) it was computed on, and the rule set in force it was computed
  -- under (`<id>:<version>`, the functional test). A fact for a day that had not yet ended when it was computed
  -- (computed_on <= as_of) is provisional: read again once that day has passed, it is recomputed.
  computed_on              date not null,
  computed_at              timestamptz not null default now(),
  rule_set                 text not null,
  -- Members and records (as of as_of).
  active_members           integer not null,
  poorest                  integer not null,
  poor                     integer not null,
  non_poor                 integer not null,
  categories               jsonb not null,           -- {"sc": 3, …}: active members per inclusion category
  has_bank_account         boolean not null,
  in_vo                    boolean not null,
  grade                    text check (grade in ('A','B','C')),
  functional               boolean not null,
  rf_received              boolean not null,
  cif_received             boolean not null,
  bank_linked              boolean not null,
  -- Money from the SHG's books.
  savings_compulsory_paise bigint not null,
  savings_total_paise      bigint not null,
  loans_internal_paise     bigint not null,
  loans_bank_paise         bigint not null,
  loans_federation_paise   bigint not null,          -- VO-CIF and VRF owed to federations
  loans_other_paise        bigint not null,
  -- Portfolio of internal loans: demand-collection over the financial year up to as_of, PAR on as_of.
  opening_overdue_paise    bigint not null,
  demand_paise             bigint not null,
  total_due_paise          bigint not null,
  collected_paise          bigint not null,
  advance_paise            bigint not null,
  closing_overdue_paise    bigint not null,
  par_loans                integer not null,
  par_outstanding_paise    bigint not null,
  current_loans            integer not null,
  current_paise            bigint not null,
  par_1_30_loans           integer not null,
  par_1_30_paise           bigint not null,
  par_31_60_loans          integer not null,
  par_31_60_paise          bigint not null,
  par_61_90_loans          integer not null,
  par_61_90_paise          bigint not null,
  par_over_90_loans        integer not null,
  par_over_90_paise        bigint not null,
  at_risk_loans            integer not null,
  at_risk_paise            bigint not null,
  -- The SHG's part of the fund flows since the beginning: [{fund, level, institutions, receivedPaise, repaidPaise}].
  fund_flows               jsonb not null,
  primary key (shg_node_id, as_of)
);
create index mis_shg_fact_as_of_idx on mis_shg_fact (as_of);

-- The last transaction that changed an SHG's books or records: facts computed from a snapshot that did not see it
-- are not stored (a write racing with a refresh).
create table mis_shg_touch (
  shg_node_id uuid primary key,
  xid         xid8 not null
);

create function mis_facts_stale(shg_id uuid, from_date date) returns void language plpgsql as $$
begin
  if shg_id is null or not exists (select 1 from shg s where s.node_id = shg_id) then return; end if;
  insert into mis_shg_touch as t (shg_node_id, xid) values (shg_id, pg_current_xact_id())
    on conflict (shg_node_id) do update set xid = excluded.xid where t.xid <> excluded.xid;
  delete from mis_shg_fact f where f.shg_node_id = shg_id and f.as_of >= coalesce(from_date, '-infinity'::date);
end $$;

create function mis_facts_stale_for_entity(entity_ref integer, from_date date) returns void language plpgsql as $$
begin
  perform mis_facts_stale((select e.node_id from entity e where e.id = entity_ref), from_date);
end $$;

-- Books: every entry (a meeting, a correction's reversal dated as the meeting, a release, the demo) from its date.
create function mis_facts_on_journal_entry() returns trigger language plpgsql as $$
begin
  perform mis_facts_stale_for_entity(new.entity_id,
    least(new.business_date, (select business_date from journal_entry where id = new.reverses_entry_id)));
  return null;
end $$;
create trigger mis_facts_journal_entry after insert on journal_entry for each row execute function mis_facts_on_journal_entry();

-- Loans: an event from its date (a reversal from the date of the event it cancels); a new loan from its
-- disbursement; a loan cancelled or changed (other than closing, which comes with its event) from its disbursement.
create function mis_facts_on_loan_event() returns trigger language plpgsql as $$
declare
  l record;
begin
  select entity_id, disbursed_on into l from loan where id = new.loan_id;
  perform mis_facts_stale_for_entity(l.entity_id, coalesce(least(
    (new.event->>'date')::date,
    (select (e.event->>'date')::date from loan_event e
      where e.loan_id = new.loan_id and new.event->>'type' = 'reversal' and e.event->>'id' = new.event->>'reversesEventId' limit 1)
  ), l.disbursed_on));
  return null;
end $$;
create trigger mis_facts_loan_event after insert on loan_event for each row execute function mis_facts_on_loan_event();

create function mis_facts_on_loan() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform mis_facts_stale_for_entity(new.entity_id, new.disbursed_on);
  elsif old.disbursed_on is distinct from new.disbursed_on or old.terms is distinct from new.terms
        or old.principal_paise is distinct from new.principal_paise or old.kind is distinct from new.kind
        or old.lender is distinct from new.lender
        or (old.status is distinct from new.status and 'cancelled' in (old.status, new.status)) then
    perform mis_facts_stale_for_entity(new.entity_id, least(old.disbursed_on, new.disbursed_on));
  end if;
  return null;
end $$;
create trigger mis_facts_loan after insert or update on loan for each row execute function mis_facts_on_loan();

-- Records: meetings (recorded, corrected), members (a change of category or poverty status counts for every date),
-- households, bank accounts, trainings, gradings, fund transfers, VO membership, the group's own settings.
create function mis_facts_on_meeting() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform mis_facts_stale(new.shg_id, new.date);
  else
    perform mis_facts_stale(new.shg_id, least(old.date, new.date));
  end if;
  return null;
end $$;
create trigger mis_facts_meeting after insert or update on meeting for each row execute function mis_facts_on_meeting();

create function mis_facts_on_member() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform mis_facts_stale(new.shg_id, new.joined_on);
  elsif tg_op = 'DELETE' then
    perform mis_facts_stale(old.shg_id, null);
  elsif old.categories is distinct from new.categories or old.poverty_status is distinct from new.poverty_status
        or old.household_id is distinct from new.household_id or old.shg_id <> new.shg_id then
    perform mis_facts_stale(old.shg_id, null);
    perform mis_facts_stale(new.shg_id, null);
  elsif old.joined_on is distinct from new.joined_on or old.left_on is distinct from new.left_on then
    perform mis_facts_stale(new.shg_id, least(old.joined_on, new.joined_on, old.left_on, new.left_on));
  end if;
  return null;
end $$;
create trigger mis_facts_member after insert or update or delete on member for each row execute function mis_facts_on_member();

create function mis_facts_on_household() returns trigger language plpgsql as $$
declare
  s uuid;
begin
  if old.categories is distinct from new.categories or old.poverty_status is distinct from new.poverty_status then
    for s in select distinct shg_id from member where household_id = new.id loop
      perform mis_facts_stale(s, null);
    end loop;
  end if;
  return null;
end $$;
create trigger mis_facts_household after update on household for each row execute function mis_facts_on_household();

create function mis_facts_on_node_dated() returns trigger language plpgsql as $$
declare
  r record;
  d date;
begin
  -- Inserted rows count from their own date; a change or a removal, for every date.
  if tg_op = 'DELETE' then r := old; else r := new; end if;
  if tg_table_name = 'bank_account' then
    if tg_op = 'INSERT' then d := r.opened_on; end if;
    perform mis_facts_stale(r.node_id, d);
  elsif tg_table_name = 'training_record' then
    if tg_op = 'INSERT' then d := r.completed_on; end if;
    perform mis_facts_stale(r.node_id, d);
  elsif tg_table_name = 'grading' then
    perform mis_facts_stale(r.shg_id, r.as_of);
  elsif tg_table_name = 'federation_membership' then
    if tg_op = 'INSERT' then d := r.since; else d := least(old.since, old.until, r.since, r.until); end if;
    perform mis_facts_stale(r.member_node_id, d);
  elsif tg_table_name = 'shg' then
    perform mis_facts_stale(r.node_id, null);
  end if;
  return null;
end $$;
create trigger mis_facts_bank_account after insert or update or delete on bank_account for each row execute function mis_facts_on_node_dated();
create trigger mis_facts_training after insert or update or delete on training_record for each row execute function mis_facts_on_node_dated();
create trigger mis_facts_grading after insert or update on grading for each row execute function mis_facts_on_node_dated();
create trigger mis_facts_federation_membership after insert or update on federation_membership for each row execute function mis_facts_on_node_dated();
create trigger mis_facts_shg after update on shg for each row execute function mis_facts_on_node_dated();

create function mis_facts_on_fund_transfer() returns trigger language plpgsql as $$
begin
  perform mis_facts_stale_for_entity(new.from_entity_id, new.business_date);
  perform mis_facts_stale_for_entity(new.to_entity_id, new.business_date);
  return null;
end $$;
create trigger mis_facts_fund_transfer after insert on fund_transfer for each row execute function mis_facts_on_fund_transfer();
