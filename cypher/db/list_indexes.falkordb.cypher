// Every index with the state of its build, so callers can wait until all are online.
// params: none
// returns: label, properties, state (OPERATIONAL when ready)
CALL db.indexes() YIELD label, properties, status
RETURN label, properties, status AS state
