// Unique key on Paper.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE
