"""Match zoeken's candidates fragment: a click inside it shows an action taken elsewhere since the page was drawn;
a click on a table row that is no longer there (Match zoeken, Wachtlijst) changes nothing and shows no error.

A live ``streamlit run`` driven over its WebSocket protocol (``benchmarks/ws_client.py``): AppTest runs the
whole script for every interaction and so never runs a fragment on its own, as a browser does.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import duo_core
from benchmarks.ws_client import Client
from tests.browser.conftest import demo_app

PROPOSED = "Er wordt niemand voorgesteld"


@pytest.fixture(scope="module")
def app_ws(tmp_path_factory):
    with demo_app(tmp_path_factory.mktemp("fragment_cwd")) as url:
        yield url.replace("http://", "ws://")


def _run(scenario):
    """Run a scenario's coroutine in a thread of its own: a browser test on the same worker may have left an event
    loop running in this one (asyncio.run refuses to start there)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario).result()


def _waiting_with_candidates(demo_ds: duo_core.Dataset, skip: int) -> str:
    """A waiting participant with candidates (the ``skip``-th), as the demo journal leaves them unreserved."""
    waiting = demo_ds.participants[demo_ds.participants["status"] == "wachtend"]
    found = [k for k in waiting["key"].head(200) if len(duo_core.rank_volunteers(demo_ds, k))]
    return found[skip]


async def _on_match_page(url: str, person: str, route: str) -> Client:
    client = Client(url, route=route)
    await client.connect()
    await client.open_page("match_zoeken")
    province, pid = person.split("/", 1)
    _, box = client.elements[client.widget("person_p")]
    label = next(o for o in box.options if f"({pid}) – " in o and o.endswith(", " + province))
    await client.set_widget("person_p", string_value=label)
    return client


async def _propose_elsewhere_then_weight(url: str, person: str) -> tuple[bool, bool, int]:
    mine, other = await _on_match_page(url, person, "0"), await _on_match_page(url, person, "1")
    before = any(PROPOSED in t for t in mine.texts)
    submit = next(wid for wid, (kind, element) in other.elements.items()
                  if kind == "button" and element.form_id.startswith("propose_form::"))
    await other.set_id(submit, trigger_value=True)
    mine.texts.clear()
    await mine.set_widget("match_w_proximity", fragment=True, double_array_value=[30])
    after = any(PROPOSED in t for t in mine.texts)
    await mine.close()
    await other.close()
    return before, after, mine.finished


async def _weight_twice(url: str, person: str) -> int:
    client = await _on_match_page(url, person, "2")
    await client.set_widget("match_w_proximity", fragment=True, double_array_value=[30])
    await client.set_widget("match_w_interests", fragment=True, double_array_value=[20])
    await client.close()
    return client.finished


def test_a_proposal_in_another_session_shows_at_the_next_click_inside_the_fragment(app_ws, demo_ds):
    before, after, finished = _run(_propose_elsewhere_then_weight(app_ws, _waiting_with_candidates(demo_ds, 0)))
    assert (before, after, finished) == (False, True, ForwardMsg.FINISHED_SUCCESSFULLY)


def test_without_an_action_elsewhere_a_click_inside_the_fragment_reruns_only_the_fragment(app_ws, demo_ds):
    finished = _run(_weight_twice(app_ws, _waiting_with_candidates(demo_ds, 1)))
    assert finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


def test_a_row_click_after_a_proposal_elsewhere_shows_it_too(app_ws, demo_ds):
    async def scenario(person: str) -> tuple[bool, int]:
        mine, other = await _on_match_page(app_ws, person, "3"), await _on_match_page(app_ws, person, "4")
        submit = next(wid for wid, (kind, element) in other.elements.items()
                      if kind == "button" and element.form_id.startswith("propose_form::"))
        await other.set_id(submit, trigger_value=True)
        mine.texts.clear()
        selection = json.dumps({"selection": {"rows": [1], "columns": [], "cells": []}})
        await mine.set_widget("ranking_table::*", fragment=True, string_value=selection)
        await mine.close()
        await other.close()
        return any(PROPOSED in t for t in mine.texts), mine.finished

    assert _run(scenario(_waiting_with_candidates(demo_ds, 2))) == (True, ForwardMsg.FINISHED_SUCCESSFULLY)


async def _errors_shown(client: Client, widget: str, row: int, fragment: bool) -> tuple[list[str], int]:
    """Click row ``row`` of table ``widget`` (a table since redrawn, or a forged message): the errors the page showed
    and how the run ended."""
    kinds: list[str] = []
    keep = client._element

    def element(delta) -> None:
        if delta.WhichOneof("type") == "new_element":
            kinds.append(delta.new_element.WhichOneof("type"))
        keep(delta)

    client._element = element
    selection = json.dumps({"selection": {"rows": [row], "columns": [], "cells": []}})
    await client.set_widget(widget, fragment=fragment, string_value=selection)
    await client.close()
    return [k for k in kinds if k == "exception"], client.finished


def test_a_click_on_a_row_the_table_no_longer_has_keeps_the_candidate_and_shows_no_error(app_ws, demo_ds):
    async def scenario(person: str) -> tuple[list[str], int]:
        return await _errors_shown(await _on_match_page(app_ws, person, "5"), "ranking_table::*", 999, True)

    assert _run(scenario(_waiting_with_candidates(demo_ds, 3))) == ([], ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


def test_a_click_on_a_waiting_list_row_the_table_no_longer_has_shows_no_error(app_ws):
    async def scenario() -> tuple[list[str], int]:
        client = Client(app_ws, route="6")
        await client.connect()
        await client.open_page("wachtlijst")
        return await _errors_shown(client, "waiting_table", 99999, False)

    assert _run(scenario()) == ([], ForwardMsg.FINISHED_SUCCESSFULLY)
