// Unique User.email, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT user_email IF NOT EXISTS FOR (n:User) REQUIRE n.email IS UNIQUE
