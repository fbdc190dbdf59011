// Unique key on Session.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT session_key IF NOT EXISTS FOR (n:Session) REQUIRE n.id IS UNIQUE
