// Index on Paper.openalex_id, which OpenAlex references point at.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Paper) ON (n.openalex_id)
