"""The graph and its stores: loading, derived mappings, the store interface and its back ends, named queries,
bindings, the guard on user queries and the pool that runs them."""
