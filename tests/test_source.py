"""course_utils.source: the displayed code is the code that runs."""

from __future__ import annotations

import pytest

from course_utils import checks, source


def test_source_text_reads_the_function_itself():
    text = source.source_text(checks.positive_int)
    assert text.startswith("def positive_int(")


def test_source_text_joins_several_objects():
    text = source.source_text(checks.positive_int, checks.format_shape)
    assert "def positive_int(" in text and "def format_shape(" in text


def test_show_source_returns_highlighted_python():
    code = source.show_source(checks.positive_int)
    assert code.language == "python"
    assert "def positive_int(" in code.data


@pytest.mark.parametrize("bad", [42, "checks.positive_int", None, len])
def test_source_text_rejects_objects_without_source(bad):
    with pytest.raises(TypeError, match="source"):
        source.source_text(bad)


def test_source_text_needs_an_object():
    with pytest.raises(TypeError, match="at least one"):
        source.source_text()
