"""Parse each distinct GraphQL document once, so that validation (cached per parsed document) runs once too.

Strawberry's own ParserCache parses inside its hook, where a syntax error escapes the operation before the
ErrorCodes extension can give it a code; this cache lets Strawberry parse as usual and keeps what it got.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

MAX_DOCUMENTS = 256
_documents: OrderedDict[str, DocumentNode] = OrderedDict()  # query text -> parsed document, least recent first


class DocumentCache(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        cached = _documents.get(query) if query else None
        if query and cached is not None:
            _documents.move_to_end(query)
            context.graphql_document = cached
        yield
        if cached is None and query and context.graphql_document is not None:
            _documents[query] = context.graphql_document
            if len(_documents) > MAX_DOCUMENTS:
                _documents.popitem(last=False)
