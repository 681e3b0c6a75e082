"""Text from workbooks and forms shown as inert text: the one helper every page uses."""

from __future__ import annotations

from duo_core import formatting


def plain(text: object) -> str:
    """Text from a workbook made safe for st.markdown (see :func:`duo_core.formatting.markdown_text`)."""
    return formatting.markdown_text(text)
