"""Write or check the vocabulary snapshot ``engine/odrl/vocabulary.json``.

    python -m engine.rdf.snapshot --write    regenerate it from policies/ (after editing a .ttl or context)
    python -m engine.rdf.snapshot --check    exit 1 if the committed snapshot is stale
"""

from __future__ import annotations

import argparse
import sys

from engine.odrl.vocab import SNAPSHOT_FILE
from engine.rdf.vocabulary import GENERATED_BY, build_snapshot, render_snapshot, snapshot_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.rdf.snapshot", description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help=f"regenerate engine/odrl/{SNAPSHOT_FILE}")
    mode.add_argument("--check", action="store_true", help="exit 1 if the committed snapshot is stale")
    args = parser.parse_args(argv)
    text = render_snapshot(build_snapshot())
    path = snapshot_path()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale; run `{GENERATED_BY}`", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


if __name__ == "__main__":
    raise SystemExit(main())
