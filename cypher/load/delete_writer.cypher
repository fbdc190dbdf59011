// Give up the graph's writer lease; the node stays (nothing is deleted). A load that ended before its recount
// leaves `dirty` set, and the next load recounts everyone; one that finished clears it.
// params: token, now (epoch ms), dirty
// returns: released (1, or 0 when the load did not hold the claim)
MATCH (s:LoadState {id: 'loads'})
WHERE s.writer = $token
SET s.writer = null, s.writer_pid = null, s.writer_host = null, s.writer_command = null,
    s.writer_since = null, s.writer_seen = null, s.dirty = $dirty,
    s.last_load = CASE WHEN $dirty THEN s.last_load ELSE $now END
RETURN count(s) AS released
