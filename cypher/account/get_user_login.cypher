// One user by (lower-cased) email with the password hash a sign-in checks.
// params: email
// returns: id, email, display_name, orcid, is_admin, password_hash
MATCH (u:User {email: $email})
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.orcid AS orcid, u.is_admin AS is_admin,
       u.password_hash AS password_hash
