"""The deconfliction flow as people live it, in a real Chromium: register, see the conflict, review it.

1. An ATF agent registers a gun-show surveillance; an ICE agent registers an
   overlapping one and sees the receipt with ATF's point of contact; each
   supervisor acknowledges and resolves the alert in the agency's queue.
2. The same in Spanish: an FGR agent runs into an ATF surveillance in
   Nogales, Sonora; the FGR supervisor works the alert in Spanish.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def register_operation(actor, case_id: int, day, *, kind: str, title: str, zone: str, start: str, end: str,
                       latitude: str, longitude: str, radius: str, venue: str = "") -> None:
    """Fill the operation form as an agent does and submit it."""
    page = actor.page
    page.goto(f"{actor.base}/operations/new?case_id={case_id}")
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=title]", title)
    page.select_option("select[name=timezone]", zone)
    page.fill("input[name=starts_at]", f"{day.isoformat()}T{start}")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T{end}")
    page.fill("input[name=venue]", venue)
    page.fill("input[name=latitude]", latitude)
    page.fill("input[name=longitude]", longitude)
    page.fill("input[name=radius_m]", radius)
    actor.shot("operation-form")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r".*/operations/\d+$"))


def work_the_alert(actor, alert_id: str, note: str, resolution: str, resolution_note: str) -> str:
    """From the landing page's queue: open the alert, acknowledge it, record the decision."""
    page = actor.page
    page.click(f"tr[data-alert='{alert_id}'] a.button")
    page.wait_for_url(re.compile(rf".*/review/alerts/{alert_id}$"))
    actor.shot("alert")
    page.fill("#ack-note", note)
    page.click("button[value=acknowledge]")
    page.wait_for_url(re.compile(rf".*/review/alerts/{alert_id}$"))
    actor.shot("acknowledged")
    page.select_option("#resolve-resolution", resolution)
    page.fill("#resolve-note", resolution_note)
    page.click("button[value=resolve]")
    page.wait_for_url(re.compile(rf".*/review/alerts/{alert_id}$"))
    actor.shot("resolved")
    return page.inner_text("main")


def test_two_agencies_at_one_gun_show_see_each_other_and_their_supervisors_deconflict(live, actors, show_day):
    _base, people, cases, _app = live
    atf = actors("atf_agent")
    register_operation(atf, cases["atf_agent"], show_day, kind="gun_show_surveillance", title="Crossroads buyers",
                       zone="America/Phoenix", start="08:00", end="16:00", latitude="33.4665",
                       longitude="-112.0952", radius="300", venue="State Fairgrounds")
    receipt = atf.page.text_content(".receipt")
    assert "DX-" in receipt and "found no conflict" in receipt
    assert "No open conflicts as of" in atf.page.text_content(".verdict")
    atf.shot("registered-no-conflict")

    ice = actors("ice_agent")
    register_operation(ice, cases["ice_agent"], show_day, kind="gun_show_surveillance", title="Trafficker at the show",
                       zone="America/Phoenix", start="10:00", end="17:00", latitude="33.4670",
                       longitude="-112.0950", radius="200", venue="Fairgrounds, hall B")
    receipt = ice.page.text_content(".receipt")
    assert "Critical" in receipt and "ATF" in receipt
    assert "Dana Whitfield" in receipt and "(602) 555-0141" in receipt  # whom to call, as a US reader writes it
    ice.shot("receipt-with-the-other-side")
    alert_id = re.search(r"alert (\d+)", receipt).group(1)

    for key, agency, note, other in (("atf_boss", "ATF", "Called Laura Kessler at ICE", "ICE"),
                                     ("ice_boss", "ICE", "Agreed with Marcus Reyes", "ATF")):
        boss = actors(key)
        assert boss.page.url.endswith("/home")  # the supervisor lands on the queue
        queue = boss.page.text_content(f"tr[data-alert='{alert_id}']")
        assert "Critical" in queue and other in queue
        assert boss.page.text_content("nav .badge") == "1"
        boss.shot("queue")
        page_text = work_the_alert(boss, alert_id, note, "joint", f"{agency}: one team, ATF leads")
        assert "Your agency's decision is recorded." in page_text and "Run jointly" in page_text
    assert "closed" in boss.page.text_content("dl.facts")
    boss.page.goto(boss.base + "/review/alerts?status=all")
    assert "deconflicted" in boss.page.text_content(f"tr[data-alert='{alert_id}']")
    boss.shot("closed-in-queue")


def test_the_mexican_side_works_in_spanish(live, actors, show_day):
    _base, people, cases, _app = live
    agent = actors("fgr_agent")
    assert "Cerrar sesión" in agent.page.text_content("header")
    day = show_day.fromordinal(show_day.toordinal() + 1)
    register_operation(agent, cases["fgr_agent"], day, kind="surveillance", title="Vigilancia casa de seguridad",
                       zone="America/Hermosillo", start="10:00", end="14:00", latitude="31.3088",
                       longitude="-110.9420", radius="150")
    receipt = agent.page.text_content(".receipt")
    assert "Dana Whitfield" in receipt and "ATF" in receipt and "Crítica" in receipt
    agent.shot("recibo-con-el-punto-de-contacto")
    alert_id = re.search(r"alerta (\d+)", receipt).group(1)

    boss = actors("fgr_boss")
    assert boss.page.text_content("h2#queue-title").startswith("Cola de alertas")
    boss.shot("cola")
    page_text = work_the_alert(boss, alert_id, "Llamé a Dana Whitfield (ATF)", "delay",
                               "La FGR entra después de la ATF")
    assert "Se registró la decisión de su agencia." in page_text and "Aplazar" in page_text
    notifications = boss.page.goto(boss.base + "/notifications/")
    assert notifications.status == 200 and "Nueva alerta" in boss.page.text_content("main")
    boss.shot("avisos")
