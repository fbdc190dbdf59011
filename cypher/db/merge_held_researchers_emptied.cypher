// Kept (followed or claimed) researchers hold no works after a reset: their counters say so, and the next load fills them again by id.
// params: none
// returns: nothing
MATCH (r:Researcher)
SET r.works_count = 0, r.first_year = null, r.last_year = null
