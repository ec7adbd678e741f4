"""The HTTP layer: REST routers (api/), pages (web/), the SPARQL protocol, limits, admission, problems."""
