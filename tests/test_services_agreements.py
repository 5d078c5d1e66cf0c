"""``engine.services.agreements``: compose an answers file; finish a wizard agreement in one call."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine import compose, compute_content_hash, load_library
from engine.errors import AnswersError
from engine.services.agreements import compose_file, finish_agreement
from engine.services.verify import verify
from engine.store import MemoryStore
from tests.helpers import FIXED_TIME, MINI, make_answers


def test_compose_file_names_the_line_of_each_wrong_answer(tmp_path: Path) -> None:
    answers = {"type": "mini", "lang": "nb", "answers": make_answers(commercial_use="sometimes")}
    path = tmp_path / "svar.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        compose_file(path, library_root=MINI)
    [problem] = info.value.problems
    assert problem.source == path and problem.line == 20 and "Velg ett av alternativene" in problem.message
    answers["answers"]["commercial_use"] = "not_allowed"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert compose_file(path, lang="en", library_root=MINI).metadata.language == "en"


def test_nothing_is_stored_when_the_answers_do_not_compose() -> None:
    store = MemoryStore()
    draft = store.create_draft("mini", {}, language="nb")
    with pytest.raises(AnswersError):
        finish_agreement(store, "mini", {}, "nb", library=load_library(MINI), draft_token=draft.token)
    assert store.list_agreements() == [] and store.resume_draft(draft.token).token == draft.token


@pytest.mark.slow
@pytest.mark.pdf
def test_finish_stores_the_agreement_as_final_with_its_pdf_and_drops_the_draft() -> None:
    store = MemoryStore()
    lib = load_library(MINI)
    draft = store.create_draft("mini", {}, language="nb")
    done = finish_agreement(
        store, "mini", make_answers(), "nb", library=lib, by="kari", draft_token=draft.token, created_at=FIXED_TIME
    )
    record = store.get_agreement(done.record_id, with_pdf=True)
    assert (record.status, record.created_by) == ("final", "kari")
    expected = compose("mini", make_answers(), "nb", library=lib, created_at=FIXED_TIME)
    assert record.content_hash == expected.content_hash == compute_content_hash(done.agreement)
    assert record.pdf == done.file("pdf").data and verify(record.pdf, store).status == "registered"
    assert [f.kind for f in done.files] == ["pdf", "docx", "jsonld", "ttl"]
    assert store.list_agreements()[0].id == done.record_id
    from engine.errors import NotFoundError

    with pytest.raises(NotFoundError):
        store.resume_draft(draft.token)
