"""The agent's pages in the field, in a real Chromium: the map, the calendar, the receipt, a phone's screen.

1. Placing the pin on the map fills latitude and longitude; dragging the
   radius handle fills the radius; a pasted "lat, lon" moves the pin; with no
   tile server reachable the offline basemap (states and cities) is drawn.
2. At 390×844, in English and in Spanish, registering an operation, its
   receipt, an alert and the alert queue fit the screen: no sideways scroll.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def open_form(actor, case_id: int) -> None:
    actor.page.goto(f"{actor.base}/operations/new?case_id={case_id}")
    actor.page.wait_for_selector("#operation-map.map-ready")


def test_placing_the_pin_fills_latitude_and_longitude(live, actors):
    _base, _people, cases, _app = live
    agent = actors("atf_agent")
    page = agent.page
    open_form(agent, cases["atf_agent"])
    assert page.input_value("input[name=latitude]") == ""
    # No tiles can be fetched here: the offline basemap shows the states.
    page.wait_for_selector("#operation-map.map-offline path.map-state")
    page.wait_for_function("document.querySelector('[data-map-status]').textContent.length > 0")
    agent.shot("offline-basemap")

    page.locator("#operation-map").scroll_into_view_if_needed()
    box = page.locator("#operation-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.55)
    latitude = float(page.input_value("input[name=latitude]"))
    longitude = float(page.input_value("input[name=longitude]"))
    assert 15 < latitude < 50 and -125 < longitude < -80  # somewhere in North America's view
    assert "Point set" in page.text_content("[data-map-status]")

    # Drag the pin: the fields follow it.
    pin = page.locator(".leaflet-marker-icon.leaflet-marker-draggable").first.bounding_box()
    x, y = pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] - 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    assert float(page.input_value("input[name=longitude]")) > longitude
    assert float(page.input_value("input[name=latitude]")) < latitude

    # A pasted point moves the pin and zooms to it; the radius handle sets the radius.
    page.fill("[data-map-paste]", "31.3086, -110.9422")
    page.click("[data-map-paste-go]")
    assert page.input_value("input[name=latitude]") == "31.308600"
    assert page.input_value("input[name=longitude]") == "-110.942200"
    page.fill("[data-map-paste]", "31.3086 west")
    page.click("[data-map-paste-go]")
    assert "latitude, longitude" in page.text_content("[data-map-status]")
    handle = page.locator(".map-radius-handle").bounding_box()
    hx, hy = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(hx, hy)
    page.mouse.down()
    page.mouse.move(hx + 50, hy, steps=6)
    page.mouse.up()
    assert int(page.input_value("input[name=radius_m]")) > 200
    # ATF's stash-house watch in Nogales is drawn nearby.
    page.wait_for_selector("#operation-map path.map-op")
    agent.shot("pin-and-radius")
