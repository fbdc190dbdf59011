// Index on Paper.profile_id: the profile listing key of a paper another source keyed (few papers have one).
// params: none
// returns: nothing
CREATE INDEX paper_profile_id IF NOT EXISTS FOR (n:Paper) ON (n.profile_id)
