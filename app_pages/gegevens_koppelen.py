"""Gegevens koppelen: read the organisation's own workbooks (form exports, hand-kept lists) with a koppelprofiel.

Upload workbooks or take the configured folder, check per sheet its role and header row, per column the
suggested field, per answer of a closed list what it becomes, look at the preview, save the profile and
use the data in this session. Nothing is written to the workbooks. The rules live in ``duo_core``
(:mod:`duo_core.importing.guess`, :mod:`duo_core.importing.mapping`, :mod:`duo_core.importing.assistant`).
"""

from __future__ import annotations

import hashlib
import io

import streamlit as st

import duo_core
from app_pages.ui import feedback, session, text, widgets
from duo_core.importing import assistant
from duo_core.importing.load import WorkbookCache, folder_signature
from duo_core.importing.mapping import MappingError, read_profile, sheet_roles
from duo_core.reading.sheets import HEADER_ROWS

config = session.config()
st.title("Gegevens koppelen")
st.write(
    "Lees werkboeken die niet op template.xlsx lijken: de export van het kennismakingsformulier, een eigen lijst. "
    "De assistent stelt per kolom een veld voor; verbeter wat niet klopt, bewaar het koppelprofiel en gebruik de "
    "gegevens. Er wordt niets in de werkboeken geschreven: volgende maand leest het profiel de nieuwe export vanzelf."
)

configured, configured_problem = session.configured_mapping(config)
if configured_problem:
    st.warning(text.plain(configured_problem), icon=":material/warning:")

# --- 1. the workbooks ----------------------------------------------------------------------------
st.header("1. Werkboeken")
choice = st.radio("Welke werkboeken?", ["upload", "folder"], key="map_source", horizontal=True,
                  format_func={"upload": "Werkboeken opladen", "folder": "De ingestelde map"}.get)
if choice == "upload":
    files = st.file_uploader("Werkboeken (.xlsx)", type=["xlsx", "xlsm"], accept_multiple_files=True, key="map_files",
                             help="Ze blijven enkel in het geheugen van deze sessie.")
    if files:
        st.session_state["map_uploads"] = tuple((f.name, f.getvalue()) for f in files)
    uploads = st.session_state.get("map_uploads", ())
    if not uploads:
        st.info("Laad één of meer werkboeken op om te beginnen.", icon=":material/upload_file:")
        st.stop()
    signature = ("upload", tuple((n, hashlib.sha1(c).hexdigest()) for n, c in uploads))
    st.write(text.plain("Opgeladen: " + ", ".join(n for n, _ in uploads)))
else:
    uploads = ()
    signature = ("folder", str(config.folder), folder_signature(config.folder))
    st.write(text.plain(f"Map: {config.folder.name}" + (" (demogegevens)" if config.uses_demo else "")))


def _sources():
    if not uploads:
        return str(config.folder)
    buffers = []
    for name, content in uploads:
        buffer = io.BytesIO(content)
        buffer.name = name
        buffers.append(buffer)
    return buffers


# a saved profile to start from: the one of duo.toml, or one uploaded; corrections made before come back
starts = {"none": "Nee, de assistent stelt alles voor", "upload": "Ja, een bewaard koppelprofiel opladen (.toml)"}
if configured is not None:
    starts = {"configured": f"Ja, {config.mapping.name} (uit duo.toml)", **starts}
start = st.radio("Beginnen van een bewaard koppelprofiel?", list(starts), format_func=starts.get, key="map_start",
                 horizontal=True, help="De keuzes uit het profiel komen terug; nieuwe of hernoemde vragen worden "
                                       "voorgesteld en gemarkeerd om na te kijken.")
profile = configured if start == "configured" else None
if start == "upload":
    profile_file = st.file_uploader("Koppelprofiel (.toml)", type=["toml"], key="map_profile_file")
    if profile_file is not None:
        try:
            profile = read_profile(profile_file.getvalue(), profile_file.name)
        except MappingError as exc:
            st.error(text.plain(f"{exc} De assistent begint zonder profiel."), icon=":material/error:")

tag = hashlib.sha1(repr((signature, None if profile is None else profile.fingerprint)).encode()).hexdigest()[:10]
overrides = st.session_state.setdefault("map_header_rows", {}).get(tag, {})
with st.spinner("Werkboeken bekijken…"):
    proposal = session.session_memo("map_proposal", (signature, tuple(sorted(overrides.items()))),
                                   lambda: duo_core.propose_mapping(_sources(), header_rows=dict(overrides)))
    if profile is not None:
        proposal = session.session_memo("map_adopted", (signature, tuple(sorted(overrides.items())),
                                                        profile.fingerprint), lambda: proposal.adopt(profile))
for problem in proposal.problems:  # a workbook not looked at: unreadable, or the server was busy
    st.warning(text.plain(f"{problem.file}: {problem.message}"), icon=":material/warning:")
if proposal.busy:  # not kept: the next run looks again
    session.forget_memo("map_proposal")
    session.forget_memo("map_adopted")
for problem in proposal.sheets["problem"].dropna():
    st.warning(text.plain(problem), icon=":material/warning:")
if proposal.sheets["role"].isna().all() and proposal.sheets["problem"].notna().all():
    st.stop()
if proposal.sheets.empty:
    st.warning("In deze werkboeken is geen tabel met kopteksten gevonden. Zie Datakwaliteit voor wat er mis is.",
               icon=":material/warning:")
    st.stop()


def _key(kind: str, *parts: object) -> str:
    return "::".join([f"map_{kind}", tag, *map(str, parts)])


def _header_changed(file: str, sheet: str, key: str) -> None:
    st.session_state["map_header_rows"].setdefault(tag, {})[(file, sheet)] = int(st.session_state[key])


# the choices made in this session, kept apart from the widgets: a column not shown (another page of a wide
# sheet) keeps its choice
choices: dict[str, object] = st.session_state.setdefault("map_choices", {}).setdefault(tag, {})


LEAVE_OUT = ""  # "niet gebruiken" in a column's selectbox: a value of its own, so that choosing it is a change
# (an asked column starts at no choice, None: choosing None there would not count as an answer)


def _chosen(key: str) -> None:
    choices[key] = st.session_state[key]


def _edited(mapping: duo_core.Mapping, kind: str) -> duo_core.Mapping:
    """The mapping with the choices this session made in the selectboxes of ``kind``."""
    if kind == "role":
        for s in mapping.sheets.itertuples():
            key = _key("role", s.file, s.sheet)
            if key in choices and choices[key] != s.role:
                mapping = mapping.with_role(s.file, s.sheet, choices[key])
    elif kind == "field":
        known = {_key("field", c.file, c.sheet, c.header): c for c in mapping.columns.itertuples()}
        for key, value in list(choices.items()):
            c = known.get(key)
            value = None if value == LEAVE_OUT else value
            if c is not None and (value != c.field or c.suggestion is not None):  # an asked column: answered
                mapping = mapping.with_field(c.file, c.sheet, c.header, value)
    else:
        known = {_key("value", v.file, v.sheet, v.header, v.field, v.raw): v for v in mapping.values.itertuples()}
        for key, value in list(choices.items()):
            v = known.get(key)
            if v is not None and value != v.value:
                mapping = mapping.with_value(v.file, v.sheet, v.header, v.raw, value)
    return mapping


# --- 2. the sheets ---------------------------------------------------------------------------------
st.header("2. Tabbladen")
mapping = _edited(proposal, "role")
for s in mapping.sheets.itertuples():
    c1, c2, c3 = st.columns([4, 3, 2])
    c1.write(f"**{text.plain(s.sheet)}** " + text.plain(
        f"in {s.file}: {s.rows} rijen"
        + (f", deelnemers en vrijwilligers volgens kolom '{s.split_column}'" if s.split_column else "")))
    c2.selectbox(text.plain(f"Rol van {s.sheet}"), list(assistant.ROLE_LABELS), format_func=assistant.ROLE_LABELS.get,
                 index=list(assistant.ROLE_LABELS).index(s.role), key=_key("role", s.file, s.sheet),
                 on_change=_chosen, args=(_key("role", s.file, s.sheet),))
    header_key = _key("header", s.file, s.sheet)
    c3.number_input(text.plain(f"Koprij van {s.sheet}"), min_value=1, max_value=HEADER_ROWS, value=int(s.header_row),
                    step=1, key=header_key, on_change=_header_changed, args=(s.file, s.sheet, header_key),
                    help="De rij met de kopteksten, zoals Excel ze nummert. Een andere rij: de kolommen worden opnieuw "
                         "voorgesteld.")

# --- 3. the columns --------------------------------------------------------------------------------
st.header("3. Kolommen")
st.write("Per kolom het veld dat de assistent voorstelt, hoe zeker (in %) en waarom. Kies zelf als het niet klopt. "
         "Een voorstel dat niet zeker genoeg is, wordt gevraagd: die kolom wordt pas ingelezen als je een veld kiest.")
mapping = _edited(mapping, "field")
coverage = assistant.coverage(mapping).set_index(["file", "sheet"])
for s in mapping.sheets.itertuples():
    if not s.role:
        continue
    cover = coverage.loc[(s.file, s.sheet)]
    with st.expander(text.plain(f"Tabblad {s.sheet} ({s.file}): {cover['used']} kolommen gebruikt, "
                                  f"{cover['left_out']} niet, {cover['asked']} wachten op je antwoord"),
                     expanded=bool(cover["asked"] or cover["left_out"])):
        table = assistant.column_table(mapping, s.file, s.sheet)
        pages = assistant.pages(len(table))
        if pages > 1:
            page = st.number_input(text.plain(f"Kolommen van {s.sheet}: pagina (van {pages})"), min_value=1,
                                   max_value=pages, value=1, step=1, key=_key("page", s.file, s.sheet),
                                   help=f"Per pagina {assistant.PAGE_SIZE} kolommen; je keuzes blijven bewaard.")
            table = table.iloc[(page - 1) * assistant.PAGE_SIZE: page * assistant.PAGE_SIZE]
        h1, h2, h3, h4 = st.columns([4, 3, 1, 4])
        h1.write("**Kolom en veld**")
        h2.write("**Voorbeelden**")
        h3.write("**Zeker**")
        h4.write("**Waarom (kop en waarden)**")
        roles = sheet_roles(s.role, s.split_column)
        for row in table.itertuples():
            c1, c2, c3, c4 = st.columns([4, 3, 1, 4])
            options = [LEAVE_OUT if f is None else f for f in
                       assistant.field_choices(mapping, s.file, s.sheet, row.header, roles=roles, current=row.field)]
            key = _key("field", s.file, s.sheet, row.header)
            asked = row.suggestion is not None  # not sure enough: no field until the professional picks one
            if asked and row.suggestion not in options:
                options.append(row.suggestion)
            c1.selectbox(text.plain(row.header), options,
                         index=None if asked else options.index(LEAVE_OUT if row.field is None else row.field),
                         format_func=lambda f, roles=roles: assistant.field_label(f, roles), key=key,
                         placeholder=f"— kies — (voorstel: {row.suggested})" if asked else "— kies —",
                         on_change=_chosen, args=(key,))
            c2.write(text.plain(row.examples))
            c3.write(assistant.certainty(row.confidence))
            c4.write(text.plain(f"Voorstel: {row.suggested}, want {row.reason}" if asked else row.reason))

# --- 4. the answers --------------------------------------------------------------------------------
st.header("4. Antwoorden")
mapping = _edited(mapping, "value")
answers = assistant.answers(mapping)
if answers.empty:
    st.write("Geen kolommen met een vaste lijst van antwoorden.")
for (file, sheet, header), group in answers.groupby(["file", "sheet", "header"], sort=False):
    with st.expander(text.plain(f"{header} ({sheet})"), expanded=bool(group["value"].isna().any())):
        columns = st.columns(3)
        for i, v in enumerate(group.itertuples()):
            options = assistant.value_choices(mapping, file, sheet, v.field)
            if v.value not in options:
                options.append(v.value)
            columns[i % 3].selectbox(
                text.plain(f"'{v.raw}' ({v.count}×) wordt"), options, index=options.index(v.value),
                format_func=lambda o: "— onbekend —" if o is None else o,
                key=_key("value", file, sheet, header, v.field, v.raw), on_change=_chosen,
                args=(_key("value", file, sheet, header, v.field, v.raw),))

# --- 5. the preview --------------------------------------------------------------------------------
st.header("5. Voorbeeld")
if (waiting := assistant.waiting(mapping)) is not None:
    st.warning(text.plain(waiting), icon=":material/help:")
for sentence in assistant.no_sign_up_date(mapping):
    st.info(text.plain(sentence), icon=":material/event:")
with st.spinner("Gegevens lezen met dit profiel…"):
    reads = st.session_state.setdefault("map_reads", WorkbookCache(max_workbooks=8))  # an upload is read once
    preview_ds = session.session_memo("map_preview", (signature, mapping.fingerprint),
                                     lambda: duo_core.load_dataset(_sources(), config=config, mapping=mapping,
                                                                   cache=reads))
counts = assistant.role_counts(preview_ds)
for col, (role, n) in zip(st.columns(4), counts.items(), strict=True):
    col.metric(role, n)
tabs = st.tabs([role for role, n in counts.items() if n] or ["Geen gegevens"])
for tab, role in zip(tabs, [role for role, n in counts.items() if n], strict=False):
    with tab:
        widgets.table(assistant.preview(preview_ds, role), hide_index=True, width="stretch")
findings = preview_ds.findings
st.write(f"{len(findings)} meldingen bij het inlezen met dit profiel.")
if len(findings):
    widgets.table(findings[["file", "sheet", "row", "column", "severity", "message"]], hide_index=True, width="stretch",
                 column_config={"file": "Bestand", "sheet": "Tabblad", "row": "Rij", "column": "Kolom",
                                "severity": "Ernst", "message": "Wat verbeteren"}, key="map_findings")

# --- 6. save and use -------------------------------------------------------------------------------
st.header("6. Bewaren en gebruiken")
feedback.show_flash("koppelen")
st.download_button("Koppelprofiel downloaden", data=mapping.to_toml().encode("utf-8"), file_name="koppeling.toml",
                   mime="application/toml", key="map_download", icon=":material/download:")
if config.mapping is not None and not uploads and not config.uses_demo:
    if st.button(text.plain(f"Bewaar als {config.mapping.name} (de map van duo.toml)"), key="map_save"):
        try:
            mapping.save(config.mapping)
            feedback.flash(f"Koppelprofiel bewaard in {config.mapping.name}: de app leest de map voortaan zo.", "koppelen")
        except OSError as exc:
            st.error(text.plain(f"Het profiel kan niet bewaard worden in {config.mapping}: {exc.strerror}."))
        else:
            st.rerun()
elif config.mapping is None:
    st.write("Om het profiel voor iedereen te gebruiken: bewaar het naast duo.toml en zet daar onder [data] "
             "de regel mapping = \"koppeling.toml\".")


def _use(chosen: duo_core.Mapping, files: tuple) -> None:
    st.session_state[session.MAPPING_KEY] = chosen
    if files:
        st.session_state[session.UPLOADS_KEY] = files
    else:
        st.session_state.pop(session.UPLOADS_KEY, None)
    feedback.flash("De gekoppelde gegevens worden nu gebruikt in deze sessie (zie Gegevens in de zijbalk).", "koppelen")


st.button("Gebruik deze gegevens", type="primary", key="map_use", on_click=_use, args=(mapping, uploads),
          icon=":material/check:")
if st.session_state.get(session.MAPPING_KEY) is not None:
    st.button("Terug naar de standaardgegevens", on_click=session.clear_uploads, key="map_clear")
