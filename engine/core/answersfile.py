"""Answer files (YAML/JSON): which agreement type, which language, the answers — with lines for errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from engine.core.yamlsource import Located, load_located
from engine.errors import AnswersError, AvtaleverkError, LibraryError

MAX_ANSWERS_BYTES = 1_000_000


class AnswersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    type: str
    lang: str = "nb"
    created_at: dt.datetime | None = None
    document_id: str | None = None
    answers: dict[str, Any] = {}


def read_answers_file(path: Path | str) -> tuple[AnswersFile, Located]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AnswersError(f"cannot read {path}: {exc.strerror}", code="answers.file", source=path) from exc
    if len(raw) > MAX_ANSWERS_BYTES:
        raise AnswersError("the answers file is larger than 1 MB", code="answers.file", source=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnswersError("the answers file is not UTF-8 text", code="answers.file", source=path) from exc
    try:
        located = load_located(text, path, code="answers.file")
    except LibraryError as exc:
        raise AnswersError(exc.message, code="answers.file", source=path, line=exc.line) from exc
    if not isinstance(located.data, dict):
        raise AnswersError(
            "an answers file is a mapping with 'type' and 'answers'", code="answers.file", source=path, line=1
        )
    try:
        parsed = AnswersFile.model_validate(located.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise AnswersError(
            f"{'.'.join(map(str, loc))}: {first['msg']}",
            code="answers.file",
            source=path,
            line=located.line(*loc),
            loc=loc,
        ) from exc
    return parsed, located


def locate_answer_errors(exc: AvtaleverkError, located: Located) -> AvtaleverkError:
    """Give each answer problem the file and line of the answer that caused it."""
    for problem in exc.problems or [exc]:
        if problem.source is None:
            problem.source = Path(located.source)
            problem.line = located.line("answers", *problem.loc) if problem.loc else None
    if exc.source is None and exc.problems:
        exc.source = Path(located.source)
    return exc
