// Every index with the state of its build, so callers can wait until all are online.
// params: none
// returns: label, properties, state (ONLINE when ready)
SHOW INDEXES YIELD labelsOrTypes, properties, state
RETURN labelsOrTypes[0] AS label, properties, state
