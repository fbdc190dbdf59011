// The newest works of researchers a user follows, those loaded after the user's last visit of the Following page
// (or, before any visit, after the follow began) first and marked new, with how many are new.
// params: user (User id), ids (researcher ids, followed by the user), limit (works per researcher)
// returns: researcher, new_count, works (maps: id, title, year, kind, venue, is_new), newest first within new and not new
MATCH (u:User {id: $user})-[f:FOLLOWS]->(r:Researcher)
WHERE f.ended IS NULL AND r.id IN $ids
WITH r, coalesce(u.following_seen_at, f.since) AS seen
MATCH (r)-[a:AUTHORED]->(p:Paper)
WITH r, p, coalesce(a.loaded_at, 0) > seen AS fresh
ORDER BY CASE WHEN fresh THEN 0 ELSE 1 END, coalesce(p.year, 0) DESC, coalesce(p.date, '') DESC, p.id
WITH r, collect({id: p.id, title: p.title, year: p.year, kind: p.kind, venue: p.venue, is_new: fresh}) AS works
RETURN r.id AS researcher, size([w IN works WHERE w.is_new]) AS new_count, works[0..$limit] AS works
