"""The GraphQL API (Strawberry): types per node label, resolvers that call named queries."""
