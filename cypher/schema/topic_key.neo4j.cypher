// Unique key on Topic.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT topic_key IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE
