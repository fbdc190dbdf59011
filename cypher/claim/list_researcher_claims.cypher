// The claims of each researcher not released (pending, verified, or rejected: the claimant's profile page says
// so), with who made them, for profiles and the open-to-collaborate fields.
// params: ids (list of researcher ids)
// returns: researcher, claims (list of {id, state, created_at, evidence, user, display_name, open_to_collaborate, collaboration_topics})
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN id AS researcher,
       [(u:User)-[:MADE]->(c:Claim)-[:OF]->(r) WHERE c.state IN ['PENDING', 'VERIFIED', 'REJECTED'] |
        {id: c.id, state: c.state, created_at: c.created_at, evidence: c.evidence, user: u.id,
         display_name: u.display_name, open_to_collaborate: c.open_to_collaborate,
         collaboration_topics: coalesce(c.collaboration_topics, [])}] AS claims
