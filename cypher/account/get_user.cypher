// One user by id, without the password hash.
// params: id
// returns: id, email, display_name, orcid, is_admin
MATCH (u:User {id: $id})
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.orcid AS orcid, u.is_admin AS is_admin
