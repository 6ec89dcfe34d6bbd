"""Moving the test database to a migration state and back, for tests of data migrations."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets=None):
    """Migrate to `targets` ([(app, migration)]; None: the latest) and return that state's apps."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
