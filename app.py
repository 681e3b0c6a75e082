"""Entry point of the Duowerking matching dashboard: ``streamlit run app.py`` (or ``serve.py`` behind a proxy).

Sets up the shared state of every run: the configuration, who the user is (login with an allow-list,
the local user, or the demo role switcher), the data that user may see, the journal and the pages of
their role. The pages in ``app_pages/`` only lay out widgets and call ``duo_core``. Nothing is read
before login, and no problem (a malformed setting, a missing folder, a journal that does not answer)
shows Streamlit's crash page: each is a Dutch message, with details for professionals only.
"""

from pathlib import Path

import streamlit as st

import duo_core
from app_pages.ui import feedback, journaling, privacy, session, text, views_panel
from duo_core import access
from duo_core.findings import ERROR, WARNING, severity_counts
from duo_core.formatting import count_text
from duo_core.lifecycle import erasure
from duo_core.lifecycle import team as team_of_intake

# An emoji as the tab's icon: Streamlit draws it in the page; a :material/...: icon is fetched from Google's servers.
st.set_page_config(page_title="Duowerking matching", page_icon="🤝", layout="wide")
st.html(Path(__file__).with_name("app_pages").joinpath("ui", "touch.css"))  # 44x44 px tap targets on a phone
# the page speaks Dutch: screen readers pronounce it so and browsers stop offering to translate it
st.html("<script>document.documentElement.lang = 'nl-BE';</script>", unsafe_allow_javascript=True)
# a copy leaves out the invisible word joiners that keep addresses in workbook text from becoming links
st.html(f"<script>{Path(__file__).with_name('app_pages').joinpath('ui', 'copy.js').read_text()}</script>",
        unsafe_allow_javascript=True)

try:
    config = duo_core.load_config()
except duo_core.ConfigError as exc:
    st.title("Duowerking matching")
    st.error(text.plain(f"De instellingen (duo.toml) kunnen niet gebruikt worden: {exc}"), icon=":material/error:")
    st.stop()

uploads = st.session_state.get(session.UPLOADS_KEY)
mapping = st.session_state.get(session.MAPPING_KEY)
problems: list[str] = []
if (mapping_problem := session.configured_mapping(config)[1]) is not None:
    problems.append(mapping_problem)
if session.login_configured():
    # Login on: nobody sees data before logging in, and only addresses on the allow-list get in.
    if not st.user.is_logged_in:
        st.title("Duowerking matching")
        st.write("Meld je aan met je account van de organisatie om verder te gaan.")
        st.button("Aanmelden", on_click=st.login, key="login", type="primary")
        st.stop()
    path = config.allowlist
    allowed = session.allowlist(str(path), path.stat().st_mtime_ns if path.exists() else 0)
    full, source = session.load(config, uploads, mapping)
    allowed = access.check_against_data(allowed, full.coaches["key"])
    user = allowed.user(st.user.get("email"))
    if user is None:
        st.title("Duowerking matching")
        st.info(
            "Welkom! Je bent aangemeld, maar je account heeft nog geen toegang tot dit dashboard. "
            "Vraag de beroepskracht van Duowerking om je toe te voegen."
        )
        st.button("Afmelden", on_click=st.logout, key="logout")
        st.stop()
    problems.extend(allowed.problems)
    listed = list(allowed.users.values())
else:
    full, source = session.load(config, uploads, mapping)
    if source.kind == "demo":
        # Demo without login: anyone may try the three roles on the fictitious data.
        demo = access.demo_users(full)
        with st.sidebar:
            role = st.selectbox(
                "Rol (demo)", list(demo), format_func=access.ROLE_LABELS.get, key="demo_role",
                help="Enkel op de demogegevens: bekijk het dashboard zoals elke rol het ziet.",
            )
        user = demo[role]
        listed = [demo[access.INTAKE]]
        st.warning(f"Demo met fictieve gegevens: je bekijkt het dashboard als {access.ROLE_LABELS[role].lower()}.",
                   icon=":material/science:")
    else:
        user = access.LOCAL_USER  # one local user on 127.0.0.1 (see .streamlit/config.toml)
        listed = []
# The intake team for the planning proposal: the Intakevrijwilligers sheets and the allow-list (the workbook's number
# of conversations a month wins; a difference is a message for professionals, naming the cell).
team, team_findings = team_of_intake.intake_team(full.intake_volunteers, listed)
problems.extend(team_of_intake.finding_text(f) for f in team_findings)

# The dataset the pages see: the workbooks plus the journal of actions taken in the app, as this user may see it.
state = journaling.seeded_demo(config, source, full, journaling.open_journal(config, source))
professional = user.role == access.PROFESSIONAL
if state.journal is None:
    view = full
elif source.kind == "upload":
    view = session.session_memo("overlay", (source.signature, state.version),
                               lambda: session.warm(duo_core.overlay(full, state.journal)))
else:
    view = journaling.with_journal(source.signature, config.journal, state.version, full, state.journal)
# A forgotten person is "te verwijderen" (no name, never proposed) until the workbooks no longer hold them.
erased = privacy.erased(state.journal)
unhidden, view = view, erasure.hide_erased(view, erased)
if source.kind == "upload":
    version = (source.signature, state.version, erased, session.user_tuple(user))
    ds = session.session_memo("projected", version,
                             lambda: session.warm(access.visible_dataset(view, user), user.role != access.COACH))
else:
    version = (source.signature, config.journal, state.version, erased, session.user_tuple(user))
    ds = session.project(version[:4], version[4], view)
if professional:  # the Privacy page: access requests and erasures concern every province
    st.session_state[privacy.EVERYTHING_KEY] = (full, unhidden)
else:
    st.session_state.pop(privacy.EVERYTHING_KEY, None)
actions = duo_core.Lifecycle(state.journal, ds, user) if state.journal is not None and state.writable else None
st.session_state[session.LIFECYCLE_KEY] = actions
st.session_state[session.JOURNAL_KEY] = state
st.session_state[session.DS_KEY] = ds
st.session_state[session.VERSION_KEY] = version
st.session_state[session.CONFIG_KEY] = config
st.session_state[session.SOURCE_KEY] = source
st.session_state[session.USER_KEY] = user
st.session_state[session.TEAM_KEY] = team  # the intake volunteers, for the planning proposal
if full.busy:  # a workbook waited too long for its turn to be read: say so, it is read again next time
    st.info(text.plain(duo_core.reading.guarded.BUSY), icon=":material/hourglass_top:")
if source.kind == "upload":
    st.info(text.plain(state.message), icon=":material/science:")
elif state.vanished and professional:
    st.error(text.plain(state.message), icon=":material/error:")
elif state.message:
    st.warning(text.plain(state.message), icon=":material/warning:")
if professional and state.detail:
    problems.append(state.detail)

all_pages = {
    "overzicht": st.Page("app_pages/overzicht.py", title="Overzicht", icon=":material/home:", url_path="overzicht"),
    "match": st.Page("app_pages/match_zoeken.py", title="Match zoeken", icon=":material/person_search:",
                     url_path="match_zoeken"),
    "wachtlijst": st.Page("app_pages/wachtlijst.py", title="Wachtlijst", icon=":material/hourglass_top:",
                          url_path="wachtlijst"),
    "aanmeldingen": st.Page("app_pages/aanmeldingen.py", title="Aanmeldingen", icon=":material/person_add:",
                            url_path="aanmeldingen"),
    "kennismaking": st.Page("app_pages/kennismaking.py", title="Kennismakingsgesprek", icon=":material/forum:",
                            url_path="kennismakingsgesprek"),
    "coaches": st.Page("app_pages/contactcoaches.py", title="Contactcoaches", icon=":material/support_agent:",
                       url_path="contactcoaches"),
    "monitoring": st.Page("app_pages/monitoring.py", title="Monitoring", icon=":material/monitoring:",
                          url_path="monitoring"),
    "kwaliteit": st.Page("app_pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/rule:",
                         url_path="datakwaliteit"),
    "duos": st.Page("app_pages/lopende_duos.py", title="Lopende duo's", icon=":material/conversion_path:",
                    url_path="lopende_duos"),
    "logboek": st.Page("app_pages/logboek.py", title="Logboek", icon=":material/history:", url_path="logboek"),
    "privacy": st.Page("app_pages/privacy.py", title="Privacy", icon=":material/shield_person:", url_path="privacy"),
    "koppelen": st.Page("app_pages/gegevens_koppelen.py", title="Gegevens koppelen", icon=":material/table_convert:",
                        url_path="gegevens_koppelen"),
    "mijn_duos": st.Page("app_pages/mijn_duos.py", title="Mijn duo's", icon=":material/group:", url_path="mijn_duos"),
}
# Only the pages of this role exist for this session: another page's address opens the first page instead.
page = st.navigation([all_pages[name] for name in user.pages])

with st.sidebar:
    st.markdown(text.plain(f"{access.ROLE_LABELS[user.role]}: {user.email}"))
    if session.login_configured():
        st.button("Afmelden", on_click=st.logout, key="logout")
    st.markdown("**Gegevens**")
    st.write(text.plain(source.label))
    st.write(f"Ingelezen om {source.loaded_at:%H:%M} op {source.loaded_at:%d/%m/%Y}")
    if professional:
        counts = session.derived("severity_counts", (), lambda: severity_counts(ds.findings))
        st.write(f"{count_text(counts[ERROR], 'fout', 'fouten')} en "
                 f"{count_text(counts[WARNING], 'waarschuwing', 'waarschuwingen')} in de gegevens")
        st.page_link(all_pages["kwaliteit"], label="Naar Datakwaliteit", icon=":material/rule:")
        if problems:
            with st.expander(f"Instellingen: {count_text(len(problems), 'melding', 'meldingen')}",
                             icon=":material/settings_alert:"):
                for problem in problems:
                    st.markdown(f"- {text.plain(problem)}")
                if state.vanished:
                    sure = st.checkbox("Ik begin bewust een nieuw, leeg logboek: de acties uit het verdwenen logboek "
                                       "zijn dan niet meer zichtbaar.", key="journal_start_new_sure")
                    if st.button("Nieuw logboek beginnen", key="journal_start_new", disabled=not sure):
                        journaling.start_new(config.journal)
                        st.rerun()
    if full.sources.empty or (full.sources["status"] != "geladen").all():
        st.info("Er zijn nog geen gegevens ingelezen." + (" Zie Datakwaliteit." if professional else
                                                          " Vraag de beroepskracht om de werkboeken na te kijken."))
    if user.role != access.COACH:  # a coach has one page and no filters (last: what a role lacks goes at the end)
        mine = {name: all_pages[name] for name in user.pages}
        current = next(name for name, p in mine.items() if p.title == page.title)
        views_panel.panel(views_panel.store(user, demo=source.kind == "demo" and not session.login_configured()),
                          mine, current)

feedback.show_flash("top")
feedback.apply_cleared()  # a form an action emptied in the last run is empty on screen too
page.run()
