// Every constraint with what it covers.
// params: none
// returns: label, properties, state (always ONLINE: Neo4j builds constraints before returning)
SHOW CONSTRAINTS YIELD labelsOrTypes, properties
RETURN labelsOrTypes[0] AS label, properties, "ONLINE" AS state
