"""Every Cypher statement the project runs, one per file, named by its path (see app/queries.py)."""
