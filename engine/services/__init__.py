"""Use cases: the one place where the core, ODRL and the adapters are put together for the edges.

The CLI (``engine.cli``), the Streamlit app (``app/``) and the coming HTTP API call these and nothing
below them. Each module holds one use case:

    sources      the one verified policy source: registry id, our PDF, agreement JSON, ODRL file
    uses         the plain words of «Sjekk bruk» (what / why / who / to whom / where / when)
    check        «may we?» → CheckResult (decision, deciding rules, duties owed, missing facts)
    check_view   a CheckResult worded for one reader (the check page)
    summary      the rights summary and the fairness flags, for display
    documents    an agreement as files: PDF/A, DOCX, JSON-LD, Turtle, JSON, HTML preview
    agreements   compose an answers file; finish a wizard agreement (compose, render, store, drop draft)
    verify       is this PDF intact, and is it registered?
    wizard       steps, visible questions, problems, preview, review, drafts
    registry     the registry for the edges: prepare (schema, shipped clauses), open, find, status moves
    workshop     the clause workshop: advisors only, form <-> clause file, save, compare, example previews
    examples     every clause proves its meaning (``avtale clauses test``)

Adapters that are heavy to import (the database driver, WeasyPrint) load inside the functions that
need them, so checking a use does not pay for them.
"""
