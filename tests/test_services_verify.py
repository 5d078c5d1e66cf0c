"""``engine.services.verify``: is a PDF intact, and is it registered?"""

from __future__ import annotations

import pytest

from engine import compose, load_library
from engine.errors import RenderError
from engine.services.verify import verify
from engine.store import MemoryStore
from tests.helpers import FIXED_TIME, MINI, make_answers


def test_bytes_that_are_no_pdf_are_an_error() -> None:
    with pytest.raises(RenderError, match="not a PDF"):
        verify(b"hello")


@pytest.mark.slow
@pytest.mark.pdf
def test_intact_registered_and_altered() -> None:
    from engine.render import render_pdf
    from tests.helpers.app import altered_pdf

    agreement = compose("mini", make_answers(), "nb", library=load_library(MINI), created_at=FIXED_TIME)
    pdf = render_pdf(agreement)
    store = MemoryStore()
    alone = verify(pdf)
    assert (alone.status, alone.looked_up, alone.document_id) == ("intact", False, agreement.metadata.document_id)
    assert verify(pdf, store).status == "intact" and verify(pdf, store).looked_up
    record = store.add_agreement(agreement, by="test", status="final", pdf=pdf)
    found = verify(pdf, store)
    assert (found.status, found.record.id if found.record else None) == ("registered", record.id)
    changed = verify(altered_pdf(pdf), store)
    assert changed.status == "altered" and changed.record is None
    assert any("innholdshashen" in m for m in changed.messages("nb"))
