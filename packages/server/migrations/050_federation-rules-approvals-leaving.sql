-- Federations, continued: fund releases under the rule set in force (and the version that allowed each), releases
-- by maker–checker (an approval request a second person decides; approving posts the release), and a member
-- institution leaving its federation (share capital and fee paid back, membership end-dated).

-- The rule set version a movement was checked against (null: the built-in defaults, version 0), and the approval
-- that released it (at most one movement per approval).
alter table fund_transfer add column rule_set_id uuid references rule_set;
alter table fund_transfer add column rule_set_version integer check (rule_set_version >= 0);
alter table fund_transfer add column approval_id uuid unique references approval_request;
alter table fund_transfer add constraint fund_transfer_rule_set_check
  check (rule_set_id is null or rule_set_version > 0);

-- A refund on leaving goes the other way: from the federation to the member institution.
alter table fund_transfer drop constraint fund_transfer_kind_check;
alter table fund_transfer add constraint fund_transfer_kind_check
  check (kind in ('grant','membership','membership-refund','loan','repayment','meeting-receipt'));

-- Leaving: the refund movement and why. (until, already there, is the last day of the membership.)
alter table federation_membership add column left_transfer_id uuid references fund_transfer;
alter table federation_membership add column leaving_reason text;
alter table federation_membership add column leaving_command_id uuid;

-- Fund releases waiting for a second person, by kind (the approvals list and the "once per SHG" check read them).
create index approval_request_kind_idx on approval_request (kind, status);
