// Unique key on Researcher.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT researcher_key IF NOT EXISTS FOR (n:Researcher) REQUIRE n.id IS UNIQUE
