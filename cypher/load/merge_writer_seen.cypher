// A running load's heartbeat on its writer lease.
// params: token, now (epoch ms)
// returns: held (1 while the load still holds the claim, 0 when another load took it over)
MATCH (s:LoadState {id: 'loads'})
WHERE s.writer = $token
SET s.writer_seen = $now
RETURN count(s) AS held
