"""Benchmark the core pipeline on the largest example: compose, render, and a plain-WeasyPrint baseline.

Run: ``.venv/bin/python bench/bench_core.py [--runs N] [--example PATH]``

Prints the median of N runs (after one warm-up) of:

* compose            ``engine.core.compose.compose`` (library loaded once, outside the timing)
* render_html        the preview HTML, rights summary included (rows computed, then printed)
* render_pdf         the signature-ready PDF/A (summary rows + layout + attachments + metadata)
* pipeline / plain   (compose + summary + render_pdf, HTML included) ÷ a plain WeasyPrint render of the same final
                     HTML (``HTML(string=..., base_url=engine/assets).write_pdf()``: same fonts and
                     stylesheet, no PDF/A, no attachments). Goal: ≤ 1.15.
* cold CLI           ``avtale compose EXAMPLE -o /tmp/…pdf`` as a fresh process (imports included)

The largest example is the one in ``examples/`` whose composed agreement has the most clauses.
Not collected by pytest (the file name does not match ``test_*.py``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_RATIO = 1.15


def _median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm-up: font configuration, template compilation, lazy imports
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _examples() -> list[Path]:
    folder = ROOT / "examples"
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml", ".json"))


def _compose_example(path: Path, library: Any) -> Any:
    from engine.core.answersfile import read_answers_file
    from engine.core.compose import compose

    parsed, _ = read_answers_file(path)
    return compose(
        parsed.type,
        parsed.answers,
        parsed.lang,
        library=library,
        created_at=parsed.created_at,
        document_id=parsed.document_id,
    )


def _clause_count(agreement: Any) -> int:
    return sum(len(s.clauses) for s in agreement.sections) + len(agreement.annexes)


def largest_example(library: Any) -> tuple[Path, Any]:
    best: tuple[int, Path, Any] | None = None
    for path in _examples():
        agreement = _compose_example(path, library)
        count = _clause_count(agreement)
        if best is None or count > best[0]:
            best = (count, path, agreement)
    if best is None:
        raise SystemExit("bench: no examples/*.yaml to run on")
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--example", type=Path, default=None)
    args = parser.parse_args()

    from weasyprint import HTML

    from engine.core.library import load_library
    from engine.core.summary import rights_summary
    from engine.render import render_html, render_pdf
    from engine.render.html import ASSETS_DIR

    library = load_library(ROOT)
    if args.example is not None:
        example, agreement = args.example, _compose_example(args.example, library)
    else:
        example, agreement = largest_example(library)
    clauses = _clause_count(agreement)

    t_compose, _ = _median_time(lambda: _compose_example(example, library), args.runs)
    # Renderers print the summary rows they are given; what the product prints includes computing them.
    t_html, _ = _median_time(lambda: render_html(agreement, summary=rights_summary(agreement)), args.runs)
    t_pdf, pdf = _median_time(lambda: render_pdf(agreement, summary=rights_summary(agreement)), args.runs)

    def pipeline() -> bytes:
        # What `avtale compose` does: compose, the summary rows, then render_pdf (HTML included).
        composed = _compose_example(example, library)
        return render_pdf(composed, summary=rights_summary(composed))

    t_pipeline, _ = _median_time(pipeline, args.runs)
    final_html = render_html(agreement, for_pdf=True, summary=rights_summary(agreement))
    base = str(ASSETS_DIR) + "/"
    t_plain, plain = _median_time(lambda: HTML(string=final_html, base_url=base).write_pdf(), args.runs)

    cli = ROOT / ".venv" / "bin" / "avtale"
    cli_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.cli_runs):
            start = time.perf_counter()
            proc = subprocess.run(
                [str(cli), "compose", str(example), "-o", f"{tmp}/x{i}.pdf"],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            cli_times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                print(f"cold CLI failed (exit {proc.returncode}): {proc.stderr.strip()}", file=sys.stderr)
                break

    ratio = t_pipeline / t_plain
    print(f"example            {example.relative_to(ROOT) if example.is_absolute() else example}")
    print(
        f"                   {clauses} clauses+annexes, {len(pdf) / 1024:.0f} kB PDF ({len(plain) / 1024:.0f} kB plain)"
    )
    print(f"runs               {args.runs} (median, after one warm-up)")
    print(f"compose            {t_compose * 1000:8.1f} ms")
    print(f"render_html        {t_html * 1000:8.1f} ms")
    print(f"render_pdf         {t_pdf * 1000:8.1f} ms")
    print(f"pipeline           {t_pipeline * 1000:8.1f} ms  (compose + summary + render_pdf, HTML included)")
    print(f"plain WeasyPrint   {t_plain * 1000:8.1f} ms  (same final HTML)")
    print(f"pipeline / plain   {ratio:8.3f}     goal ≤ {GOAL_RATIO}  {'OK' if ratio <= GOAL_RATIO else 'OVER'}")
    if cli_times:
        print(
            f"cold CLI           {statistics.median(cli_times) * 1000:8.1f} ms  (avtale compose, {len(cli_times)} runs)"
        )


if __name__ == "__main__":
    main()
