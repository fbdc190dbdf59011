// A user stops following a researcher: the FOLLOWS edge is kept and marked ended, not deleted, so the embedded engine's log never replays an effect on a deleted edge (DESIGN.md, pitfalls); unfollowing twice changes nothing.
// params: user (User id), researcher (Researcher id), now (epoch ms)
// returns: researcher (its id; no row when the user did not follow it)
MATCH (u:User {id: $user})-[f:FOLLOWS]->(r:Researcher {id: $researcher})
WHERE f.ended IS NULL
SET f.ended = $now
RETURN r.id AS researcher
