// Take the graph's writer lease for one load when no load holds it, or when its holder is `$stale`, a load known dead.
// The first SET takes the node's write lock on Neo4j before the claim is read, so two loads cannot both take it.
// params: token, pid, host, command, now (epoch ms), stale (the dead holder's token, or null)
// returns: before (the dead holder's token, or null); no row when another load holds the claim
MERGE (s:LoadState {id: 'loads'})
SET s.claimed = $now
WITH s, s.writer AS before
WHERE before IS NULL OR before = $stale
SET s.writer = $token, s.writer_pid = $pid, s.writer_host = $host, s.writer_command = $command,
    s.writer_since = $now, s.writer_seen = $now
RETURN before
