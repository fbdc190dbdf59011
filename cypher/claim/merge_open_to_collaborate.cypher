// The verified claimant says whether they are open to collaborate and on which topics.
// params: user (user id), researcher (researcher id), open (bool), topics (list of strings)
// returns: nothing (counters: properties_set is 0 when the user holds no verified claim of the profile)
MATCH (:User {id: $user})-[:MADE]->(c:Claim)-[:OF]->(:Researcher {id: $researcher})
WHERE c.state = 'VERIFIED'
SET c.open_to_collaborate = $open, c.collaboration_topics = $topics
