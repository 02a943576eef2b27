-- Loans carry the reference people know them by: the loan number in the paper ledger (a cut-off), the bank's
-- loan account number (an outside loan). Kept as text: references have letters and leading zeros.
alter table loan add column reference text;

-- Maker-checker: what the checker said, and the entry that carried the approval out (a write-off posted on
-- approval, or a member's exit that used an approved shortfall write-off). An approval is used at most once.
alter table approval_request add column decision_note text;
alter table approval_request add column entry_id bigint unique references journal_entry;
create index approval_request_node_idx on approval_request (node_id, status);
