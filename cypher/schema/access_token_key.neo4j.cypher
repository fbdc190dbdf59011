// Unique key on AccessToken.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT access_token_key IF NOT EXISTS FOR (n:AccessToken) REQUIRE n.id IS UNIQUE
