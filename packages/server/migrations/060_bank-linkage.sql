-- Bank linkage of SHGs: loan applications with their eligibility verdict (computed from the records at submission,
-- under the rule set in force that day, stored with that rule set's version), the bank's decision, the link to the
-- loan as received (receive-external-loan), and the interest subvention the bank credits.

create table bank_loan_application (
  id                      uuid primary key,
  organisation_id         integer not null references organisation,
  shg_id                  uuid not null references shg (node_id),
  bank_name               text not null,
  branch_name             text,
  product                 text not null check (product in ('term-loan','cash-credit')),
  amount_requested_paise  bigint not null check (amount_requested_paise > 0),
  purpose                 text,
  submitted_on            date not null,
  -- The verdict at submission: 1st, 2nd, … linkage; its ceiling; the corpus it was computed from; every check.
  dose                    smallint not null check (dose >= 1),
  corpus_paise            bigint not null check (corpus_paise >= 0),
  dose_limit_paise        bigint not null check (dose_limit_paise >= 0),
  eligible                boolean not null,
  eligibility             jsonb not null,
  -- null with version 0: the built-in defaults of the Khata release that decided.
  rule_set_id             uuid references rule_set,
  rule_set_version        integer not null check (rule_set_version >= 0),
  submitted_by            uuid not null references app_user,
  command_id              uuid,
  created_at              timestamptz not null default now(),
  -- The bank's decision.
  status                  text not null default 'submitted' check (status in ('submitted','sanctioned','rejected','disbursed')),
  decided_on              date,
  sanctioned_paise        bigint check (sanctioned_paise > 0),
  sanctioned_rate_percent text,
  sanctioned_term_months  smallint check (sanctioned_term_months > 0),
  rejection_reason        text,
  -- Staff's reason for recording a sanction above the dose limit.
  override_reason         text,
  decided_by              uuid references app_user,
  decision_command_id     uuid,
  -- The loan as received (receive-external-loan with this application's id).
  loan_id                 uuid unique references loan,
  disbursed_on            date,
  check ((rule_set_id is null) = (rule_set_version = 0)),
  check (status = 'submitted' or decided_on is not null),
  check (status not in ('sanctioned','disbursed') or (sanctioned_paise is not null and sanctioned_rate_percent is not null)),
  check (status <> 'rejected' or rejection_reason is not null),
  check ((status = 'disbursed') = (loan_id is not null)),
  check (decided_on is null or decided_on >= submitted_on),
  check (disbursed_on is null or disbursed_on >= decided_on)
);
create index bank_loan_application_shg_idx on bank_loan_application (shg_id, submitted_on);
create index bank_loan_application_status_idx on bank_loan_application (organisation_id, status);

-- An application moves only forward (submitted -> sanctioned/rejected -> disbursed), and what was submitted and
-- decided is never rewritten.
create function khata_bank_application_forward() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'KHATA_IMMUTABLE: bank loan applications are never deleted' using errcode = 'P0001';
  end if;
  if (to_jsonb(new) - array['status','decided_on','sanctioned_paise','sanctioned_rate_percent','sanctioned_term_months',
                            'rejection_reason','override_reason','decided_by','decision_command_id','loan_id','disbursed_on'])
     is distinct from
     (to_jsonb(old) - array['status','decided_on','sanctioned_paise','sanctioned_rate_percent','sanctioned_term_months',
                            'rejection_reason','override_reason','decided_by','decision_command_id','loan_id','disbursed_on'])
     or not ((old.status = 'submitted' and new.status in ('sanctioned','rejected'))
          or (old.status = 'sanctioned' and new.status = 'disbursed'
              and (to_jsonb(new) - array['status','loan_id','disbursed_on']) = (to_jsonb(old) - array['status','loan_id','disbursed_on']))) then
    raise exception 'KHATA_IMMUTABLE: a bank loan application only moves forward: submitted -> sanctioned/rejected -> disbursed'
      using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger bank_loan_application_forward before update or delete on bank_loan_application
  for each row execute function khata_bank_application_forward();

-- Interest subvention credited by the bank on a loan for a claim period: posted in the SHG's books (bank Dr,
-- income:interest-subvention Cr) with the figures Khata computed for the same period beside it.
create table subvention_credit (
  id                      uuid primary key,
  organisation_id         integer not null references organisation,
  loan_id                 uuid not null references loan,
  period_from             date not null,
  period_to               date not null,
  credited_on             date not null,
  amount_paise            bigint not null check (amount_paise > 0),
  -- What the rules give for the period (subvention + prompt extra), when credited.
  computed_paise          bigint not null check (computed_paise >= 0),
  prompt_payee            boolean not null,
  entry_id                bigint not null references journal_entry,
  recorded_by             uuid not null references app_user,
  command_id              uuid,
  created_at              timestamptz not null default now(),
  check (period_to >= period_from),
  check (credited_on >= period_from)
);
create index subvention_credit_loan_idx on subvention_credit (loan_id, period_from);
create trigger subvention_credit_immutable before update or delete on subvention_credit
  for each row execute function khata_refuse_change();

-- Existing SHG books receive the new income account (charts only grow; new SHGs get it from the template).
insert into account (organisation_id, entity_id, path, kind)
select e.organisation_id, e.id, 'income:interest-subvention', 'income'
  from entity e
 where e.kind = 'shg'
on conflict (entity_id, path) do nothing;
