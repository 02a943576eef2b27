-- Social inclusion: the household register of a village, social action (indicators observed at meetings and
-- drives) and Panchayat collaboration (demands to the Panchayat plan and their outcome). See core/inclusion.ts
-- and core/social-action.ts. A household's mobilisation (not yet in an SHG / in an SHG / left) is never stored:
-- it is read from the membership of its women (member.household_id).

-- The household's number in the village register (SECC household id, PIP serial…): an import matches on it.
alter table household add column register_number text;
alter table household add column updated_at timestamptz;
create unique index household_register_number_uq on household (village_node_id, register_number) where register_number is not null;
create index household_village_idx on household (village_node_id);
create index member_household_idx on member (household_id) where household_id is not null;

-- A drive: a dated event at a place (an immunisation drive, a birth-registration camp).
create table social_action_drive (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  node_id          uuid not null references node,
  name             text not null,
  held_on          date not null,
  indicator_set    text,
  venue            text,
  notes            text,
  recorded_by      uuid not null references app_user,
  command_id       uuid,
  created_at       timestamptz not null default now()
);
create index social_action_drive_node_idx on social_action_drive (node_id, held_on);

-- One indicator observed for one member or one household, at one meeting or one drive.
-- node_id is where the subject belongs (the member's SHG, the household's village): reports are scoped by its path.
create table social_action_observation (
  id                uuid primary key,
  organisation_id   integer not null references organisation,
  node_id           uuid not null references node,
  indicator         text not null,
  observed_on       date not null,
  member_id         uuid references member,
  household_id      uuid references household,
  meeting_id        uuid references meeting,
  drive_id          uuid references social_action_drive,
  met               boolean not null,
  note              text,
  rule_set_version  integer not null,
  seq               bigint generated always as identity,
  command_id        uuid not null,
  created_at        timestamptz not null default now(),
  check (num_nonnulls(member_id, household_id) = 1),
  check (num_nonnulls(meeting_id, drive_id) = 1)
);
create index social_action_observation_node_idx on social_action_observation (node_id, observed_on);
create index social_action_observation_drive_idx on social_action_observation (drive_id) where drive_id is not null;
create index social_action_observation_meeting_idx on social_action_observation (meeting_id) where meeting_id is not null;

-- A demand an SHG or a federation submits to the annual Panchayat plan (GPDP), and what became of it.
create table panchayat_demand (
  id                   uuid primary key,
  organisation_id      integer not null references organisation,
  node_id              uuid not null references node,
  gram_panchayat       text not null,
  gram_panchayat_code  text,
  plan_year            text not null check (plan_year ~ '^\d{4}-\d{2}$'),
  category             text not null,
  description          text not null,
  submitted_on         date not null,
  estimated_paise      bigint check (estimated_paise >= 0),
  status               text not null default 'pending' check (status in ('pending','accepted','rejected')),
  decided_on           date,
  sanctioned_paise     bigint check (sanctioned_paise >= 0),
  outcome_note         text,
  submitted_by         uuid not null references app_user,
  decided_by           uuid references app_user,
  command_id           uuid,
  created_at           timestamptz not null default now(),
  check ((status = 'pending') = (decided_on is null)),
  check (sanctioned_paise is null or status = 'accepted'),
  check (decided_on is null or decided_on >= submitted_on)
);
create index panchayat_demand_node_idx on panchayat_demand (node_id, submitted_on);
