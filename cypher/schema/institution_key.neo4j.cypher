// Unique key on Institution.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT institution_key IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE
