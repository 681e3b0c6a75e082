"""Text from workbooks and forms shown as inert text: the helpers every page uses.

* :func:`plain` for anything Streamlit renders as markdown (messages, captions, expander and button labels);
* :func:`plain_table` for ``st.table``, which renders each cell as markdown;
* :func:`chart` for plotly's axes, legends and hovers, which render a subset of HTML.

Selectbox and multiselect options and ``st.dataframe`` cells are shown as typed and need none of these.
"""

from __future__ import annotations

import pandas as pd

from duo_core import formatting


def plain(text: object) -> str:
    """Text from a workbook made safe for st.markdown (see :func:`duo_core.formatting.markdown_text`)."""
    return formatting.markdown_text(text)


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for ``st.table``: every cell, column name and index label through :func:`plain`."""
    out = frame.copy()
    for i, dtype in enumerate(frame.dtypes):
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)):
            out.isetitem(i, pd.Series([plain(v) if isinstance(v, str) else v for v in frame.iloc[:, i]],
                                      index=frame.index, dtype=dtype))  # numbers and dates hold no text
    out.columns = [plain(c) for c in out.columns]
    out.index = [plain(i) if isinstance(i, str) else i for i in out.index]
    return out


def chart(text: object) -> str:
    """Text from a workbook for a plotly chart (see :func:`duo_core.formatting.plotly_text`)."""
    return formatting.plotly_text(text)
