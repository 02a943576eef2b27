-- Programme rules as dated, versioned configuration (core/rules.ts); grading rounds of SHGs with their sign-off;
-- training completions, as far as the formation triggers need them ("trained on VO / CLF concepts").

-- One version of an organisation's rules. A version is never edited: a change is a new version with its own
-- effective date; the version in force on a date is the latest effective on or before it (core: ruleSetInForce).
create table rule_set (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  version          integer not null check (version > 0),
  effective_from   date not null,
  -- The complete body (every default filled in), so that a version reads the same whatever the code's defaults.
  body             jsonb not null,
  created_by       uuid not null references app_user,
  created_at       timestamptz not null default now(),
  unique (organisation_id, version)
);
create index rule_set_effective_idx on rule_set (organisation_id, effective_from);
create trigger rule_set_immutable before update or delete on rule_set
  for each row execute function khata_refuse_change();
create trigger rule_set_no_truncate before truncate on rule_set
  for each statement execute function khata_refuse_change();

-- A grading round: computed from the records as of a date under the rule set in force on that date, stored with
-- its indicators (explained) and the rule set version that made it; signed off by someone other than the grader.
create table grading (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  shg_id            uuid not null references shg (node_id),
  stage             text not null check (stage in ('before-rf','before-cif','other')),
  as_of             date not null,
  score             numeric(5,2) not null check (score between 0 and 100),
  grade             text not null check (grade in ('A','B','C')),
  panchasutra_score smallint not null check (panchasutra_score between 0 and 5),
  -- The whole computed grading: indicators with their figures and explanations, Panchasutra norms, window.
  indicators        jsonb not null,
  -- null with version 0: the built-in defaults of the Khata release that graded.
  rule_set_id       uuid references rule_set,
  rule_set_version  integer not null check (rule_set_version >= 0),
  graded_by         uuid not null references app_user,
  graded_at         timestamptz not null default now(),
  command_id        uuid,
  signed_off_by     uuid references app_user,
  signed_off_at     timestamptz,
  sign_off_note     text,
  check ((rule_set_id is null) = (rule_set_version = 0)),
  check ((signed_off_by is null) = (signed_off_at is null)),
  check (signed_off_by is null or signed_off_by <> graded_by)
);
create index grading_shg_idx on grading (shg_id, as_of);

-- A grading is never edited or deleted; the only change is its sign-off, once.
create function khata_grading_sign_off_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or old.signed_off_by is not null
     or (to_jsonb(new) - 'signed_off_by' - 'signed_off_at' - 'sign_off_note')
        is distinct from (to_jsonb(old) - 'signed_off_by' - 'signed_off_at' - 'sign_off_note') then
    raise exception 'KHATA_IMMUTABLE: a grading is only ever signed off, once' using errcode = 'P0001';
  end if;
  return new;
end $$;
create trigger grading_sign_off_only before update or delete on grading
  for each row execute function khata_grading_sign_off_only();

-- Minimal training completions: a module completed by an institution (SHG, VO) as a whole, or by one member
-- (node_id is then her SHG). Enough for the "trained" rules; the full training register comes later.
create table training_record (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  node_id          uuid not null references node,
  member_id        uuid references member,
  module           text not null check (module ~ '^[a-z0-9-]{1,60}$'),
  completed_on     date not null,
  recorded_by      uuid not null references app_user,
  recorded_at      timestamptz not null default now(),
  command_id       uuid
);
create index training_record_node_idx on training_record (node_id, module);
