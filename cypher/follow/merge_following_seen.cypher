// Record a user's visit of the Following page: works loaded after `seen` are new on the next visit.
// params: user (User id), seen (epoch ms)
// returns: seen_at
MATCH (u:User {id: $user})
SET u.following_seen_at = $seen
RETURN u.following_seen_at AS seen_at
