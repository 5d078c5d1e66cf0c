"""Use cases: the one place where core, ODRL and adapters are put together for the edges."""
