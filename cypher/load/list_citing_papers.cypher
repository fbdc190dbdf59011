// Papers that carry OpenAlex references, whose CITES edges may need drawing.
// params: none
// returns: id
MATCH (p:Paper)
WHERE p.references IS NOT NULL AND size(p.references) > 0
RETURN p.id AS id
