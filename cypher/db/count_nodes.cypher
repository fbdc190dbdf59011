// Number of nodes per label; the loads' bookkeeping node (LoadState) is not the user's data.
// params: none
// returns: label, count
MATCH (n)
WITH labels(n)[0] AS label
WHERE label <> 'LoadState'
RETURN label, count(*) AS count
ORDER BY label
