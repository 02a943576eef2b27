-- Readiness and grading look up every recording of a group's meeting date (corrections included) to find when
-- its books were first written; the only index on (shg_id, date) is partial (live meetings), so add a full one.
create index meeting_by_shg_date on meeting (shg_id, date);
