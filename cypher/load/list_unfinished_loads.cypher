// Marks of loads that have not recounted the counters they deferred: interrupted, or still running.
// params: none
// returns: id
MATCH (l:UnfinishedLoad)
RETURN l.id AS id
