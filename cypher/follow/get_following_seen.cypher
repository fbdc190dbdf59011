// When a user last visited the Following page.
// params: user (User id)
// returns: seen_at (epoch ms, null before the first visit); no row when the user is not in the graph
MATCH (u:User {id: $user})
RETURN u.following_seen_at AS seen_at
