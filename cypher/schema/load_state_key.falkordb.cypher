// Range index on LoadState.id (the one node that holds the writer lease); the graph boundary then adds the unique constraint.
// params: none
// returns: nothing
CREATE INDEX FOR (n:LoadState) ON (n.id)
