"""Errors every app raises: a refused change with a message for the user."""


class ServiceError(Exception):
    """A refused change with a Dutch message for the user; nothing was changed."""
