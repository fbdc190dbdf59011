// Create users by id; an email already taken breaks the unique key on User.email, and nothing is written.
// params: rows (list of {id, email, display_name, password_hash, orcid, is_admin, created_at})
// returns: nothing
UNWIND $rows AS row
MERGE (u:User {id: row.id})
ON CREATE SET u.email = row.email, u.display_name = row.display_name, u.password_hash = row.password_hash,
              u.orcid = row.orcid, u.is_admin = row.is_admin, u.created_at = row.created_at
