"""Registry benchmark: insert throughput, newest-50 page with a party filter, lookup by hash.

    .venv/bin/python bench/bench_store.py              # 100,000 agreements, SQLite and PostgreSQL
    .venv/bin/python bench/bench_store.py --n 20000 --engines sqlite

Goals (issue 5): page ≤ 200 ms, lookup by hash ≤ 5 ms, at 100,000 agreements.

How the registry is filled:
1. ``--api-rows`` agreements (default 2,000) go through ``store.add_agreements`` — the real path:
   content-hash verification, JSON, clause references, audit events. Their throughput is reported.
2. The rest are synthesised rows (one composed agreement, varied id/parties/time/hash) bulk-loaded
   with the store's own table definitions; their hash is not a real content hash (recomputing
   RFC 8785 hashes for 100,000 agreements would dominate the run time), which does not matter
   for the queries measured. Each row carries ``--payload-kb`` of agreement text.
Queries are then timed through the store API (``list_agreements``, ``find_by_hash``), and a login
(``authenticate``) of a known user and of an unknown one, which must cost the same (issue 11).
PostgreSQL runs in a throw-away cluster (``engine.store.testing.TempPostgres``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from engine.core.agreement import Agreement, ComposedClause, ComposedSection, Party, compute_content_hash  # noqa: E402
from engine.store import AgreementStatus, codec, open_store  # noqa: E402
from engine.store.sql import SqlStore  # noqa: E402
from engine.store.tables import AgreementClauseRow, AgreementRow  # noqa: E402

TOWNS = ["Fjordby", "Nordvik", "Sørdal", "Åsheim", "Bergstad", "Lillevik", "Havøy", "Elvdal", "Skogli", "Vestnes"]
KINDS = ["kommune", "AS", "Data AS", "Analyse AS", "Havbruk AS", "Energi AS", "Helse HF", "Logistikk AS"]
STATUSES = ["draft", "final", "final", "signed", "signed", "signed", "terminated"]


def base_agreement(payload_kb: int) -> Agreement:
    """One really composed agreement (the test suite's mini library), padded to a realistic size."""
    from tests.store_fixtures import make_agreement

    agreement = make_agreement("Fjordby kommune", "Sensorlab AS")
    filler = "<p>" + ("Mottakeren skal behandle dataene forsvarlig og bare til avtalt formål. " * 14) + "</p>\n"
    clauses = tuple(
        ComposedClause(number=f"9.{i + 1}", id=f"filler_{i}", version="1.0.0", title=f"Vilkår {i + 1}", html=filler)
        for i in range(max(0, payload_kb))
    )
    section = ComposedSection(number="9", id="filler", title="Øvrige vilkår", clauses=clauses)
    padded = agreement.model_copy(update={"sections": (*agreement.sections, section)})
    return padded.model_copy(update={"content_hash": compute_content_hash(padded)})


def party_name(rng: random.Random) -> str:
    return f"{rng.choice(TOWNS)} {rng.randrange(1000)} {rng.choice(KINDS)}"


def variants(template: Agreement, n: int, start: int, rng: random.Random, *, real_hash: bool) -> Iterator[Agreement]:
    base_time = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    provider, recipient = template.parties
    for i in range(start, start + n):
        meta = template.metadata.model_copy(
            update={"document_id": f"AV-BENCH-{i:07d}", "created_at": base_time + dt.timedelta(minutes=i)}
        )
        parties = (
            provider.model_copy(update={"name": party_name(rng)}),
            recipient.model_copy(update={"name": party_name(rng)}),
        )
        a = template.model_copy(update={"metadata": meta, "parties": parties})
        digest = compute_content_hash(a) if real_hash else hashlib.sha256(f"bench-{i}".encode()).hexdigest()
        yield a.model_copy(update={"content_hash": digest})


def synthetic_rows(
    template: Agreement, n: int, start: int, rng: random.Random
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    dumped = template.model_dump(mode="json")
    base_time = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    refs = codec.clause_refs(template)
    for i in range(start, start + n):
        aid = f"AV-BENCH-{i:07d}"
        created = base_time + dt.timedelta(minutes=i)
        names = (party_name(rng), party_name(rng))
        parties = [{**p, "name": name} for p, name in zip(dumped["parties"], names, strict=True)]
        doc = {
            **dumped,
            "parties": parties,
            "metadata": {**dumped["metadata"], "document_id": aid, "created_at": created.isoformat()},
        }
        status = rng.choice(STATUSES)
        row = {
            "id": aid,
            "type_id": template.metadata.type_id,
            "type_version": template.metadata.type_version,
            "title": template.metadata.title,
            "language": template.metadata.language,
            "status": status,
            "parties": codec.dumps(parties),
            "party_search": codec.party_search_text(Party.model_validate(p) for p in parties),
            "answers": codec.dumps(dumped["answers"]),
            "agreement_json": codec.dumps(doc),
            "content_hash": hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
            "pdf": None,
            "created_at": created,
            "updated_at": created,
            "created_by": "bench",
        }
        yield row, [{"agreement_id": aid, "clause_id": r.id, "version": r.version} for r in refs]


def bulk_load(store: SqlStore, rows: Iterator[tuple[dict[str, Any], list[dict[str, Any]]]], batch: int = 5000) -> int:
    """Insert synthesised rows the way the SQL backend writes agreements (``_SqlTransaction.insert_agreements``):
    on SQLite references first and rows in their own status (foreign keys checked at commit); on
    PostgreSQL as drafts, then moved forward (the triggers allow only that)."""
    n = 0
    sqlite = store.engine.dialect.name == "sqlite"
    while True:
        chunk = [r for _, r in zip(range(batch), rows, strict=False)]
        if not chunk:
            return n
        with store._write_engine.begin() as conn:
            refs = [ref for _, refs in chunk for ref in refs]
            if sqlite:
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                conn.execute(sa.insert(AgreementClauseRow), refs)
                conn.execute(sa.insert(AgreementRow), [r for r, _ in chunk])
                n += len(chunk)
                continue
            wanted = {r["id"]: r["status"] for r, _ in chunk}
            conn.execute(sa.insert(AgreementRow), [{**r, "status": "draft"} for r, _ in chunk])
            conn.execute(sa.insert(AgreementClauseRow), refs)
            for path in (["final"], ["final", "signed"], ["final", "terminated"]):
                ids = [i for i, s in wanted.items() if s == path[-1]]
                for step in path:
                    for k in range(0, len(ids), 900):
                        conn.execute(
                            sa.update(AgreementRow).where(AgreementRow.id.in_(ids[k : k + 900])).values(status=step)  # type: ignore[attr-defined]
                        )
        n += len(chunk)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, result


def login_times(store: SqlStore, repeat: int) -> dict[str, float]:
    """Median time of ``authenticate`` for a known user (right, wrong password) and an unknown one."""
    from engine.errors import PermissionDeniedError

    store.add_user("bench-user", "Bench", "advisor", "riktig-passord-1")

    def attempt(username: str, password: str) -> Callable[[], None]:
        def run() -> None:
            with contextlib.suppress(PermissionDeniedError):
                store.authenticate(username, password)

        return run

    cases = {"right": ("bench-user", "riktig-passord-1"), "wrong": ("bench-user", "feil-passord-1"),
             "unknown": ("ingen-slik", "riktig-passord-1")}  # fmt: skip
    return {k: timed(attempt(*v), repeat)[0] for k, v in cases.items()}


def run(name: str, url: str, n: int, api_rows: int, payload_kb: int, repeat: int) -> dict[str, float]:
    rng = random.Random(5)
    store = open_store(url)
    assert isinstance(store, SqlStore)
    template = base_agreement(payload_kb)
    print(f"\n== {name}: {n:,} agreements, ~{len(template.model_dump_json()) // 1024} KB JSON each", flush=True)

    api_n = min(api_rows, n)
    prepared = list(variants(template, api_n, 0, rng, real_hash=True))
    t0 = time.perf_counter()
    for k in range(0, api_n, 500):
        store.add_agreements(prepared[k : k + 500], by="bench")
    api_rate = api_n / (time.perf_counter() - t0)
    print(f"insert via store.add_agreements ({api_n:,} rows, batches of 500): {api_rate:,.0f} rows/s", flush=True)

    t0 = time.perf_counter()
    loaded = bulk_load(store, synthetic_rows(template, n - api_n, api_n, rng))
    bulk_rate = loaded / (time.perf_counter() - t0) if loaded else 0.0
    print(f"bulk load of synthesised rows ({loaded:,} rows, batches of 5,000): {bulk_rate:,.0f} rows/s", flush=True)
    with store._write_engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")

    probe = random.Random(9)
    common = "fjordby"  # a town: ~10 % of rows
    rare = f"nordvik {probe.randrange(1000)} "  # one organisation: a few dozen rows
    page_ms, page = timed(lambda: store.list_agreements(limit=50), repeat)
    common_ms, common_page = timed(lambda: store.list_agreements(party=common, limit=50), repeat)
    rare_ms, rare_page = timed(lambda: store.list_agreements(party=rare, limit=50), repeat)
    status_ms, _ = timed(lambda: store.list_agreements(party=common, status=AgreementStatus.signed, limit=50), repeat)
    hashes = (
        [hashlib.sha256(f"bench-{probe.randrange(api_n, n)}".encode()).hexdigest() for _ in range(repeat)]
        if n > api_n
        else [a.content_hash for a in prepared[:repeat]]
    )
    it = iter(hashes * 2)
    hash_ms, found = timed(lambda: store.find_by_hash(next(it)), repeat)
    assert len(page) == 50 and len(common_page) == 50 and found is not None
    print(f"page, newest 50, no filter:                       {page_ms:7.2f} ms (median of {repeat})")
    print(f"page, newest 50, party filter '{common}' (~10 %):  {common_ms:7.2f} ms")
    print(f"page, newest 50, party filter '{rare.strip()}' ({len(rare_page)} rows): {rare_ms:7.2f} ms")
    print(f"page, newest 50, party filter + status signed:    {status_ms:7.2f} ms")
    print(f"lookup by hash:                                   {hash_ms:7.2f} ms")
    login_ms = login_times(store, max(3, repeat // 5))
    print(
        "login (argon2id), right / wrong password / unknown user: "
        + " / ".join(f"{login_ms[k]:.0f}" for k in ("right", "wrong", "unknown"))
        + " ms  (an unknown user must cost what a known one does)"
    )
    worst = max(page_ms, common_ms, rare_ms, status_ms)
    print(
        f"goals: page ≤ 200 ms {'OK' if worst <= 200 else 'MISSED'} (worst {worst:.1f} ms); "
        f"lookup ≤ 5 ms {'OK' if hash_ms <= 5 else 'MISSED'}"
    )
    store.close()
    return {"api_rate": api_rate, "bulk_rate": bulk_rate, "page": worst, "hash": hash_ms, **login_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="agreements in the registry (default 100000)")
    parser.add_argument("--api-rows", type=int, default=2_000, help="of which inserted through the store API")
    parser.add_argument("--payload-kb", type=int, default=4, help="extra agreement text per row, in KB")
    parser.add_argument("--repeat", type=int, default=25, help="timings per query (median reported)")
    parser.add_argument("--engines", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    args = parser.parse_args()
    engines = args.engines.split(",")
    t0 = time.perf_counter()
    if "sqlite" in engines:
        folder = Path(tempfile.mkdtemp(prefix="avtaleverk-bench-"))
        try:
            run("SQLite (WAL)", f"sqlite:///{folder / 'bench.db'}", args.n, args.api_rows, args.payload_kb, args.repeat)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if "postgres" in engines:
        from engine.store.testing import PostgresUnavailable, TempPostgres

        try:
            with TempPostgres() as pg:
                url = pg.create_database("bench")
                run("PostgreSQL", url, args.n, args.api_rows, args.payload_kb, args.repeat)
        except PostgresUnavailable as exc:
            print(f"\n== PostgreSQL skipped: {exc}")
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
