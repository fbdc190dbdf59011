// Every constraint with what it covers and the state of its build.
// params: none
// returns: label, properties, state (OPERATIONAL when ready, FAILED when existing data breaks it)
CALL db.constraints() YIELD label, properties, status
RETURN label, properties, status AS state
