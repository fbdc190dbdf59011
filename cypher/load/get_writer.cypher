// The load that holds the graph's writer lease (see loaders/writer_lease.py), and when the last load ended.
// params: none
// returns: token, pid, host, command, since, seen (epoch ms; all null when no load holds the claim), last_load,
//   dirty (true when a load ended without recounting: the next one recounts every researcher)
MATCH (s:LoadState {id: 'loads'})
RETURN s.writer AS token, s.writer_pid AS pid, s.writer_host AS host, s.writer_command AS command,
       s.writer_since AS since, s.writer_seen AS seen, s.last_load AS last_load,
       coalesce(s.dirty, false) AS dirty
