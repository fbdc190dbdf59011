// Number of nodes per label.
// params: none
// returns: label, count
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
