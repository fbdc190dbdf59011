// Every user, oldest first, without password hashes (operators' `collab user list`).
// params: none
// returns: id, email, display_name, orcid, is_admin, created_at
MATCH (u:User)
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.orcid AS orcid, u.is_admin AS is_admin,
       u.created_at AS created_at
ORDER BY u.created_at, u.id
