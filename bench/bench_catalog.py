"""Catalogue benchmark: ``.venv/bin/python bench/bench_catalog.py [--runs N]`` (not collected by pytest).

Prints, per format (Turtle, JSON-LD, RDF/XML), side by side:

* export 10,000     ``write_catalog`` of one publisher's catalogue of 10,000 datasets (2 distributions, a
                    contact, a period, keywords; 10 shared offers inlined): model -> bytes. Median of N.
* import 1,000      ``read_catalogs`` of a published 1,000-dataset file: bytes -> catalogue + warnings.
* SHACL 100         ``validate_catalog`` of a published 100-dataset file against the DCAT-AP-NO 2.x shapes
                    (parse, add the bundled codes, pyshacl). The first call, which loads the shapes, is
                    left out.

Sizes are given for the files. The machine is shared: compare figures from one run, not across runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.core.dataset import (  # noqa: E402
    Catalog,
    ContactPoint,
    Dataset,
    Distribution,
    PeriodOfTime,
    Publisher,
    catalog_for,
)
from engine.rdf.dcat import CATALOG_FORMATS, read_catalogs, write_catalog  # noqa: E402
from engine.rdf.dcat.shacl import validate_catalog, violations  # noqa: E402

BASE = "https://data.example.kommune.no/avtaleverk"
OFFER = json.loads((ROOT / "tests/data/dcat/offer-datalisens.jsonld").read_text(encoding="utf-8"))
PUBLISHER = Publisher(orgnr="964338531", name={"nb": "Bergen kommune", "en": "City of Bergen"})
THEMES = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN"]
OFFERS = {f"tilbud-{i}": {**OFFER, "uid": f"urn:avtaleverk:agreement:B{i}"} for i in range(10)}


def make_catalog(n: int) -> Catalog:
    datasets = []
    for i in range(n):
        datasets.append(
            Dataset(
                id=f"datasett-{i:05d}",
                title={"nb": f"Datasett nummer {i}", "en": f"Dataset number {i}"},
                description={"nb": f"Målinger fra sensor {i} i bydelen.", "en": f"Measurements from sensor {i}."},
                publisher=PUBLISHER,
                contact_points=[ContactPoint(name={"nb": "Dataforvaltning"}, email=f"data{i % 7}@bergen.kommune.no")],
                themes=[THEMES[i % 13], THEMES[(i * 5) % 13]],
                keywords={"nb": ["sensor", f"bydel-{i % 8}"], "en": ["sensor"]},
                spatial=["https://data.geonorge.no/administrativeEnheter/kommune/id/173016"],
                temporal=[PeriodOfTime(start=dt.date(2020, 1, 1) + dt.timedelta(days=i % 365))],
                frequency="DAILY",
                access_rights=("PUBLIC", "RESTRICTED", "NON_PUBLIC")[i % 3],
                licence=("NLOD_2_0", "CC_BY_4_0", "CC_BYNC_4_0")[i % 3],
                distributions=[
                    Distribution(
                        id="csv",
                        access_url=f"https://data.bergen.kommune.no/{i}.csv",
                        formats=["CSV"],
                        media_types=["text/csv"],
                    ),
                    Distribution(id="api", access_url=f"https://api.bergen.kommune.no/v1/{i}", formats=["JSON"]),
                ],
                offer=f"tilbud-{i % 10}",
                modified=dt.date(2026, 1, 1),
            )
        )
    return catalog_for(PUBLISHER, datasets)


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--export", type=int, default=10_000, help="datasets in the exported catalogue")
    parser.add_argument("--import", dest="import_", type=int, default=1_000, help="datasets in the imported file")
    parser.add_argument("--shacl", type=int, default=100, help="datasets in the validated file")
    args = parser.parse_args()

    big, mid, small = make_catalog(args.export), make_catalog(args.import_), make_catalog(args.shacl)
    rows: dict[str, list[str]] = {"": list(CATALOG_FORMATS)}
    export_t, export_size, import_t, import_size, shacl_t = [], [], [], [], []
    validate_catalog(write_catalog(small, base_url=BASE, offers=OFFERS))  # load pyshacl and the shapes once
    for fmt in CATALOG_FORMATS:
        out = write_catalog(big, base_url=BASE, format=fmt, offers=OFFERS)
        export_t.append(median_s(lambda f=fmt: write_catalog(big, base_url=BASE, format=f, offers=OFFERS), args.runs))
        export_size.append(len(out))
        file = write_catalog(mid, base_url=BASE, format=fmt, offers=OFFERS)
        result = read_catalogs(file, fmt, base_url=BASE)
        assert result.catalogs == [mid] and not result.warnings, "the benchmark file must read back unchanged"
        import_t.append(median_s(lambda d=file, f=fmt: read_catalogs(d, f, base_url=BASE), args.runs))
        import_size.append(len(file))
        file = write_catalog(small, base_url=BASE, format=fmt, offers=OFFERS)
        assert violations(validate_catalog(file, fmt)) == []
        shacl_t.append(median_s(lambda d=file, f=fmt: validate_catalog(d, f), args.runs))

    rows[f"export {args.export:,} datasets (s)"] = [f"{t:.2f}" for t in export_t]
    rows["  per dataset (ms)"] = [f"{t / args.export * 1000:.3f}" for t in export_t]
    rows["  exported size (MB)"] = [f"{s / 1e6:.1f}" for s in export_size]
    rows[f"import {args.import_:,} datasets (s)"] = [f"{t:.2f}" for t in import_t]
    rows["  imported size (MB)"] = [f"{s / 1e6:.2f}" for s in import_size]
    rows[f"SHACL {args.shacl:,} datasets (s)"] = [f"{t:.2f}" for t in shacl_t]
    width = max(len(k) for k in rows)
    for label, cells in rows.items():
        print(f"{label:<{width}}  " + "  ".join(f"{c:>9}" for c in cells))
    print(f"(median of {args.runs} runs; 10 offers inlined once each; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
