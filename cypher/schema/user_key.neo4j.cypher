// Unique key on User.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT user_key IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE
