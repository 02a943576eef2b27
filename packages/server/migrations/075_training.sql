-- Training and events: modules, events (workshops and batches on a module, conferences, exposure visits) held at a
-- node of the tree, their participants and attendance per day. When an event on a module is completed, each
-- participant who attended the module's required days gets a completion, and — when she is an SHG member or
-- attends for an institution — a row in training_record (migration 030), the one place readiness reads "trained".

create table training_module (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  code             text not null check (code ~ '^[a-z0-9-]{1,60}$'),
  name             text not null,
  required_days    smallint not null check (required_days between 1 and 60),
  description      text,
  created_at       timestamptz not null default now(),
  command_id       uuid,
  unique (organisation_id, code)
);

create table training_event (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  -- Where it is organised and whose it is (a block, a cluster for a cluster conference, a district, a VO…).
  node_id          uuid not null references node,
  kind             text not null check (kind in ('workshop','batch','conference','exposure-visit')),
  module_id        uuid references training_module,
  title            text not null,
  place            text,
  start_date       date not null,
  end_date         date not null,
  trainers         text[] not null default '{}',
  notes            text,
  status           text not null default 'planned' check (status in ('planned','completed')),
  completed_on     date,
  created_at       timestamptz not null default now(),
  command_id       uuid,
  check (end_date >= start_date and end_date - start_date < 60),
  check (kind not in ('workshop','batch') or module_id is not null),
  check ((status = 'completed') = (completed_on is not null))
);
create index training_event_node_idx on training_event (node_id, start_date);

-- A participant: an SHG member, a cadre (registry of migration 080, which adds the reference), a staff member (a
-- user) or someone else by name. `institution_id`: the institution she attends for (her SHG by default, or a VO
-- whose EC sent her), whose readiness her completion counts for.
create table training_participant (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  event_id         uuid not null references training_event,
  kind             text not null check (kind in ('member','cadre','staff','other')),
  member_id        uuid references member,
  cadre_id         uuid,
  user_id          uuid references app_user,
  name             text,
  institution_id   uuid references node,
  completed        boolean,
  attended_days    smallint,
  training_record_id uuid references training_record,
  command_id       uuid,
  check (kind <> 'member' or member_id is not null),
  check (kind <> 'cadre' or cadre_id is not null),
  check (kind <> 'staff' or user_id is not null or name is not null),
  check (kind <> 'other' or name is not null)
);
create index training_participant_event_idx on training_participant (event_id);
create unique index training_participant_member_once on training_participant (event_id, member_id) where member_id is not null;
create unique index training_participant_cadre_once on training_participant (event_id, cadre_id) where cadre_id is not null;
create unique index training_participant_user_once on training_participant (event_id, user_id) where user_id is not null;
create index training_participant_member_idx on training_participant (member_id) where member_id is not null;
create index training_participant_cadre_idx on training_participant (cadre_id) where cadre_id is not null;

-- Who was present on which day of the event.
create table training_attendance (
  participant_id   uuid not null references training_participant,
  day              date not null,
  organisation_id  integer not null references organisation,
  event_id         uuid not null references training_event,
  primary key (participant_id, day)
);
create index training_attendance_event_idx on training_attendance (event_id, day);
