"""The sidebar's saved views: save the filters of the page on screen under a name, open or delete one.

The rules (names, which filters, where views live) are in :mod:`duo_core.saved_views`; this module lays out
the widgets. A message appears right below the button that was pressed, and a refused name stays typed.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui import address, text
from duo_core import config as settings
from duo_core import saved_views
from duo_core.access import User

_MEMORY = "_saved_views"
_MESSAGE = "_saved_views_message"
NAME_KEY = "view_name"
PICK_KEY = "view_pick"


def store(user: User, demo: bool) -> saved_views.MemoryViews:
    """The views of ``user``: in the session for the demo, else in their own file in the state directory."""
    if demo:
        return st.session_state.setdefault(_MEMORY, saved_views.MemoryViews())
    return saved_views.FileViews(settings.state_dir() / saved_views.FOLDER, user.email)


def panel(views: saved_views.MemoryViews, pages: dict, current: str) -> None:
    """The saved views of this person (``pages``: their pages by name; ``current``: the page on screen)."""
    st.markdown("**Bewaarde weergaven**")
    titles = {name: page.title for name, page in pages.items()}

    def save() -> None:
        try:
            view = views.save(st.session_state.get(NAME_KEY), current, dict(st.query_params))
        except saved_views.ViewError as exc:
            st.session_state[_MESSAGE] = ("error", str(exc))
            return
        st.session_state[_MESSAGE] = ("success", f"Weergave '{view.name}' bewaard: {titles.get(view.page)} met de "
                                                 "filters die nu gekozen zijn.")
        st.session_state[NAME_KEY] = ""

    def delete() -> None:
        chosen = st.session_state.get(PICK_KEY)
        if chosen is not None:
            views.delete(chosen)
            st.session_state[PICK_KEY] = None
            st.session_state[_MESSAGE] = ("success", f"Weergave '{chosen}' verwijderd.")

    st.text_input("Naam voor deze weergave", key=NAME_KEY, placeholder="bv. Limburg dit jaar",
                  help="Bewaart de pagina met de gekozen provincies, periode en aangeklikte filters.")
    st.button("Weergave bewaren", key="view_save", on_click=save, icon=":material/bookmark_add:")
    _message()
    shown = views.views()
    if not shown:
        return
    by_name = {v.name: v for v in shown}
    chosen = st.selectbox("Weergave openen", list(by_name), index=None, key=PICK_KEY, placeholder="Kies een weergave…",
                          format_func=lambda n: saved_views.describe(by_name[n], titles))
    left, right = st.columns(2)
    opened = left.button("Openen", key="view_open", disabled=chosen is None, icon=":material/open_in_new:")
    right.button("Verwijderen", key="view_delete", disabled=chosen is None, on_click=delete, icon=":material/delete:")
    if opened and chosen in by_name:
        view = by_name[chosen]
        if view.page not in pages:
            st.error("Deze weergave hoort bij een pagina die je met je rol niet kan openen.", icon=":material/error:")
            return
        address.forget_filters()
        st.switch_page(pages[view.page], query_params=dict(view.params))


def _message() -> None:
    found = st.session_state.pop(_MESSAGE, None)
    if found is None:
        return
    kind, said = found
    if kind == "error":
        st.error(text.plain(said), icon=":material/error:")
    else:
        st.success(text.plain(said), icon=":material/bookmark_added:")
