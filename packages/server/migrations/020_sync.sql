-- Sync with the field app (packages/server/src/sync/README.md) and member receipts.

-- The tree node a command acted on (where its access was checked): a pull re-sends the groups that changed.
alter table command add column node_id uuid;
-- The writing transaction's id. A pull's cursor is a transaction watermark, not a server_seq: server_seq is
-- taken before commit, so commits can land out of seq order and a seq cursor could step over a late commit.
-- Every transaction below a snapshot's xmin has ended, so "xid >= cursor" never misses one.
alter table command add column xid xid8 not null default pg_current_xact_id();
create index command_sync_idx on command (organisation_id, xid) include (node_id, type);

-- One row per (user, device): the highest push batch number seen. Batches from one device are taken strictly
-- in increasing order; an older copy of a batch (a resend the network delayed or duplicated) is not applied,
-- so a command refused in the latest answer can never be applied later by a stale copy.
create table sync_device (
  user_id          uuid not null references app_user,
  device_id        text not null,
  organisation_id  integer not null references organisation,
  last_batch       bigint not null check (last_batch >= 0),
  last_push_at     timestamptz not null default now(),
  primary key (user_id, device_id)
);

-- A member's own language for messages to her; when empty, the recording user's language is used.
alter table member add column language text check (language in ('en','hi','bn','or'));

-- Messages to members (meeting receipts), sent by a pluggable sender. The body is for her phone only: never logged.
create table message_outbox (
  id               uuid primary key,
  organisation_id  integer not null references organisation,
  member_id        uuid not null references member,
  shg_id           uuid not null references shg (node_id),
  kind             text not null check (kind in ('meeting-receipt')),
  -- What the message is about (the meeting); one message of a kind per member per subject.
  subject_id       uuid not null,
  channel          text not null default 'sms' check (channel in ('sms','whatsapp')),
  language         text not null check (language in ('en','hi','bn','or')),
  body             text not null,
  status           text not null default 'pending' check (status in ('pending','sending','sent','failed')),
  attempts         integer not null default 0,
  -- A provider's error code only (never the number or the text).
  last_error       text,
  created_at       timestamptz not null default now(),
  claimed_at       timestamptz,
  sent_at          timestamptz,
  unique (subject_id, member_id, kind)
);
create index message_outbox_pending_idx on message_outbox (created_at) where status in ('pending','sending');
