// Unique AccessToken.hash, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT access_token_hash IF NOT EXISTS FOR (n:AccessToken) REQUIRE n.hash IS UNIQUE
