"""`collab db reset` without --accounts: the loaded data goes, people's accounts and what they did stay.

Users, sessions, access tokens and claims are kept, and so are the researchers that someone follows or claimed
(FOLLOWS and Claim-OF edges need both ends): those keep their id and name with no works (counters zeroed), so
`collab db check` finds them consistent and the next load of a source that names them fills them again.
"""

from __future__ import annotations

from app.graph import Graph

BATCH = 10_000  # nodes per delete: one transaction deleting millions would exhaust Neo4j's memory


async def reset_keeping_accounts(graph: Graph) -> None:
    while (await graph.write("db/delete_data_nodes", [], batch=BATCH))["nodes_deleted"]:
        pass
    while (await graph.write("db/delete_unheld_researchers", [], batch=BATCH))["nodes_deleted"]:
        pass
    await graph.write("db/delete_held_researcher_links", [])
    await graph.write("db/merge_held_researchers_emptied", [])
    await graph.apply_schema()
