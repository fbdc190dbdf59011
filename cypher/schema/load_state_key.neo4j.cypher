// Unique key on LoadState.id: two loads that MERGE the writer lease's node at once make one node, not two.
// params: none
// returns: nothing
CREATE CONSTRAINT load_state_key IF NOT EXISTS FOR (n:LoadState) REQUIRE n.id IS UNIQUE
