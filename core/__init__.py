"""Plumbing every app uses and no domain: the actor, errors, the policy registry, roles,
pagination, widgets, field encryption, blind indexes and the Bsn value type."""
