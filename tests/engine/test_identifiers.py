"""Blocking keys and verdicts for firearms, vehicles, phones, e-mail, addresses, dealers, businesses, gun shows."""
from datetime import date

import pytest

from coordinator.deconfliction.identifiers import IDENTIFIER_KINDS, compare_identifiers, identifier_keys
from coordinator.deconfliction.verdicts import caliber_bore, calibers_conflict, gun_show_name


def keys(kind, region="US", **fields):
    return identifier_keys(kind, fields, region)


def verdict(kind, a, b, region_a="US", region_b="US"):
    """Compare both ways round: a verdict must not depend on who registered first."""
    result = compare_identifiers(kind, a, b, region_a, region_b)
    other = compare_identifiers(kind, b, a, region_b, region_a)
    assert (result.level, result.score, {r.code for r in result.reasons}) == (
        other.level, other.score, {r.code for r in other.reasons})
    for reason in result.reasons:
        assert reason.render()  # every template fills from its params
    return result


def codes(result):
    return [r.code for r in result.reasons]


# --- keys -------------------------------------------------------------------

@pytest.mark.parametrize("kind, fields, expected", [
    ("firearm", {"make": "Colt", "serial_number": "ab-12 o45"}, ["fa:COLT:AB12045", "fs:AB12045"]),
    ("firearm", {"make": "Colt's Manufacturing", "serial_number": "AB120 45"}, ["fa:COLT:AB12045", "fs:AB12045"]),
    ("firearm", {"make": None, "serial_number": "AB12045"}, ["fs:AB12045"]),
    ("firearm", {"make": "Glock", "serial_number": "A12"}, ["fa:GLOCK:A12"]),  # too short to stand alone
    ("firearm", {"make": "Glock", "serial_number": "obliterated"}, []),
    ("vehicle", {"plate": "abc-1234", "plate_region": "Sonora", "vin": "1M8GDM9AXKP042788"},
     ["vin:1M8GDM9AXKP042788", "pl:SON:ABC1234", "pn:ABC1234"]),
    ("vehicle", {"plate": "ABC1234", "plate_region": None}, ["pn:ABC1234"]),
    ("vehicle", {"plate": "sin placas", "plate_region": "SON", "vin": "N/A"}, []),
    ("phone", {"number": "+52 1 662 123 4567"}, ["ph:+526621234567"]),
    ("phone", {"number": "call me"}, []),
    ("email", {"address": "J.Doe+x@gmail.com"}, ["em:jdoe@gmail.com"]),
    ("dealer", {"license_number": "5-74-019-07-2E-05342", "name": "Acme Guns, LLC"}, ["ffl:57405342", "dn:ACMEGUNS"]),
    ("dealer", {"license_number": "bogus", "name": None}, []),
    ("business", {"name": "Transportes Rápidos S.A. de C.V.", "registration_number": "TRA-010101-AB1"},
     ["brn:TRA010101AB1", "biz:TRANSPORTESRAPIDOS"]),
    ("address", {"line1": "Av. Juárez #123", "city": "Cd. Juárez", "state": "Chih", "postal_code": "32000"},
     ["addr:JUAREZ 123|JUAREZ", "addz:JUAREZ 123|32000"]),
    ("address", {"line1": "123 Main St"}, []),  # a street line alone is not selective
    ("gun_show", {"name": "2024 Crossroads of the West Gun Show", "city": "Tucson", "state": "Arizona"},
     ["gs:CROSSROADSWEST|s:AZ", "gs:CROSSROADSWEST|c:TUCSON"]),
    ("gun_show", {"name": "Big Gun Show"}, ["gs:BIG"]),
])
def test_identifier_keys(kind, fields, expected):
    assert identifier_keys(kind, fields, "MX") == expected


def test_gun_show_keys_include_venue_and_place_cells():
    found = keys("gun_show", name="Tucson Gun Show", venue="Pima County Fairgrounds", state="AZ",
                 latitude=32.05, longitude=-110.78)
    assert "gv:PIMACOUNTYFAIRGROUNDS|s:AZ" in found
    assert 1 <= len([k for k in found if k.startswith("gp:")]) <= 9


def test_keys_are_short_and_tagged():
    long_name = "Armería " + "muy " * 80 + "grande"
    for kind, fields in [("business", {"name": long_name}), ("address", {"line1": long_name, "city": "Tucson"}),
                         ("gun_show", {"name": long_name, "state": "AZ"})]:
        for key in identifier_keys(kind, fields, "US"):
            assert len(key) < 200 and ":" in key


def test_keys_same_for_equal_identifiers_across_kinds_never_collide():
    seen = {}
    for kind, fields in [("firearm", {"serial_number": "12345678", "make": "Colt"}),
                         ("vehicle", {"plate": "12345678", "plate_region": "AZ", "vin": "12345678"}),
                         ("business", {"registration_number": "12345678"}), ("phone", {"number": "5206234567"})]:
        for key in identifier_keys(kind, fields, "US"):
            assert seen.setdefault(key, kind) == kind


def test_unknown_kind_rejected():
    assert "person" not in IDENTIFIER_KINDS
    with pytest.raises(ValueError):
        identifier_keys("person", {}, "US")
    with pytest.raises(ValueError):
        compare_identifiers("spaceship", {}, {}, "US", "US")


# --- firearms ---------------------------------------------------------------

@pytest.mark.parametrize("a, b, level, code", [
    ({"make": "Colt", "serial_number": "AB12045"}, {"make": "COLT'S MFG", "serial_number": "ab-12045"},
     "match", "same_serial_make"),
    ({"make": "Colt", "serial_number": "AB12O45"}, {"make": "Colt", "serial_number": "AB12045"},
     "match", "serial_folded"),
    ({"make": "S&W", "serial_number": "DXI2345"}, {"make": "Smith and Wesson", "serial_number": "DX12345"},
     "match", "serial_folded"),
    ({"make": "Colt", "serial_number": "AB12045"}, {"make": None, "serial_number": "AB12045"},
     "possible", "make_missing"),
    ({"make": "AK-47", "serial_number": "AB12045"}, {"make": "", "serial_number": "AB12045"},
     "possible", "make_missing"),
    ({"make": "Century Arms", "model": "WASR-10", "serial_number": "1-AB1234-09"},
     {"make": "Cugir", "serial_number": "1AB123409"}, "possible", "make_importer"),
    ({"make": "Colt", "serial_number": "AB12045"}, {"make": "Ruger", "serial_number": "AB12045"},
     None, "make_differs"),
    ({"make": "Colt", "serial_number": "AB12045"}, {"make": "Colt", "serial_number": "AB12046"}, None, None),
    ({"make": "Colt", "serial_number": "unknown"}, {"make": "Colt", "serial_number": "unknown"}, None, None),
    ({"make": "Colt", "serial_number": None}, {"make": "Colt", "serial_number": None}, None, None),
    ({"make": "Glock", "serial_number": "ABC123", "caliber": "9mm"},
     {"make": "Glock", "serial_number": "ABC123", "caliber": ".45 ACP"}, "possible", "caliber_differs"),
    ({"make": "Glock", "serial_number": "ABC123", "caliber": "9x19"},
     {"make": "Glock", "serial_number": "ABC123", "caliber": "9 mm Luger"}, "match", "same_serial_make"),
])
def test_compare_firearms(a, b, level, code):
    result = verdict("firearm", a, b)
    assert result.level == level
    assert (code in codes(result)) if code else not result.reasons


def test_firearm_match_reason_in_plain_words():
    result = verdict("firearm", {"make": "Colt", "serial_number": "AB12O45", "model": "M4"},
                     {"make": "Colt", "serial_number": "AB12045", "model": "m-4"})
    assert [r.render() for r in result.reasons] == [
        "serial numbers agree once O/0 and I/1 are read alike", "same make", "the models agree"]


@pytest.mark.parametrize("caliber, expected", [
    ("9mm", ("mm", 9.0)), ("9 MM Luger", ("mm", 9.0)), ("9x19", ("mm", 9.0)), ("7.62x39", ("mm", 7.62)),
    ("7,62 x 39", ("mm", 7.62)), ("5.56 NATO", ("mm", 5.56)), ("12 ga", ("gauge", 12.0)),
    (".410 bore", ("gauge", 410.0)), (".50 BMG", ("mm", pytest.approx(12.7))), ("cal. 38", ("mm", pytest.approx(9.652))),
    ("unknown", None), (None, None),
])
def test_caliber_bore(caliber, expected):
    assert caliber_bore(caliber) == expected


@pytest.mark.parametrize("a, b, conflict", [
    ("9mm", ".45", True), ("5.56", "7.62x39", True), (".223", "12 ga", True), (".40 S&W", "9mm", True),
    ("9mm", ".380 ACP", False), (".223 Rem", "5.56x45", False), (".30-06", "7.62", False),
    ("9mm", None, False), ("unknown", ".45", False),
])
def test_calibers_conflict(a, b, conflict):
    assert calibers_conflict(a, b) is conflict


# --- vehicles ---------------------------------------------------------------

VIN = "1M8GDM9AXKP042788"


@pytest.mark.parametrize("a, b, level, code", [
    ({"vin": VIN}, {"vin": "1m8 gdm9a-xkp o42788"}, "match", "same_vin"),
    ({"vin": VIN, "plate": "ABC1234", "plate_region": "SON"}, {"vin": "2T1BR32E15C123456", "plate": "ABC1234",
                                                              "plate_region": "SON"}, None, None),
    ({"plate": "ABC-1234", "plate_region": "Sonora"}, {"plate": "abc1234", "plate_region": "SON"}, "match", "same_plate"),
    ({"plate": "ABC1234", "plate_region": "SON", "vin": VIN}, {"plate": "ABC1234", "plate_region": "SON"},
     "match", "same_plate"),
    ({"plate": "ABO123", "plate_region": "AZ"}, {"plate": "AB0123", "plate_region": "Arizona"}, "match", "plate_folded"),
    ({"plate": "ABC1234", "plate_region": "SON"}, {"plate": "ABC1234", "plate_region": None},
     "possible", "plate_region_missing"),
    ({"plate": "ABC1234", "plate_region": "SON"}, {"plate": "ABC1234", "plate_region": "AZ"}, None, None),
    ({"plate": "ABC1234", "plate_region": "SON", "make": "Ford"},
     {"plate": "ABC1234", "plate_region": "SON", "make": "Chevrolet"}, "possible", "vehicle_make_differs"),
    ({"plate": "ABC1234", "plate_region": "SON", "make": "Chevy"},
     {"plate": "ABC1234", "plate_region": "SON", "make": "CHEVROLET"}, "match", "same_plate"),
    ({"plate": "sin placas", "plate_region": "SON"}, {"plate": "SIN PLACAS", "plate_region": "SON"}, None, None),
])
def test_compare_vehicles(a, b, level, code):
    result = verdict("vehicle", a, b)
    assert result.level == level
    assert (code in codes(result)) if code else not result.reasons


def test_plate_reason_names_the_state():
    result = verdict("vehicle", {"plate": "ABC1234", "plate_region": "SON"}, {"plate": "ABC1234", "plate_region": "Son."})
    assert result.reasons[0].render() == "same plate in Sonora"


# --- phones and e-mail ------------------------------------------------------

@pytest.mark.parametrize("a, b, region_a, region_b, level", [
    ("+52 1 662 123 4567", "662 123 4567", "US", "MX", "match"),
    ("044 662 123 4567", "011 52 662 123 4567", "MX", "US", "match"),
    ("(520) 623-4567", "520.623.4567", "US", "MX", None),  # a Mexican agency reads 10 digits as Mexican
    ("(520) 623-4567", "+1 520 623 4567", "US", "MX", "match"),
    ("(520) 623-4567", "(520) 623-4568", "US", "US", None),
    ("garbage", "garbage", "US", "US", None),
])
def test_compare_phones(a, b, region_a, region_b, level):
    result = verdict("phone", {"number": a}, {"number": b}, region_a, region_b)
    assert result.level == level
    if level:
        assert result.reasons[0].render() == "same phone number in international form"


@pytest.mark.parametrize("a, b, level, code", [
    ("JP@Example.mx", "jp@example.MX ", "match", "same_email"),
    ("j.doe+guns@gmail.com", "JDoe@googlemail.com", "match", "same_email_folded"),
    ("j.doe+x@yahoo.com", "jdoe@yahoo.com", None, None),
    ("nope", "nope", None, None),
])
def test_compare_emails(a, b, level, code):
    result = verdict("email", {"address": a}, {"address": b})
    assert result.level == level
    assert codes(result) == ([code] if code else [])


# --- dealers and businesses -------------------------------------------------

@pytest.mark.parametrize("a, b, level, code", [
    ({"license_number": "5-74-019-07-2E-05342"}, {"license_number": "574019072E05342"}, "match", "same_ffl"),
    ({"license_number": "5-74-019-07-2E-05342"}, {"license_number": "5-74-019-07-5H-05342"}, "match", "same_ffl_rds"),
    ({"license_number": "5-74-019-07-2E-05342"}, {"license_number": "574-05342"}, "match", "same_ffl_rds"),
    ({"license_number": "5-74-019-01-2E-05342"}, {"license_number": "5-74-019-07-2E-05342"},
     "possible", "ffl_type_differs"),
    ({"license_number": "5-74-019-07-2E-05342", "name": "Acme"}, {"license_number": "5-74-019-07-2E-05343", "name": "Acme"},
     None, None),
    ({"license_number": None, "name": "Acme Guns, LLC"}, {"license_number": "5-74-019-07-2E-05342", "name": "ACME GUNS INC"},
     "possible", "same_dealer_name"),
    ({"name": "Acme Guns"}, {"name": "Apex Guns"}, None, None),
])
def test_compare_dealers(a, b, level, code):
    result = verdict("dealer", a, b)
    assert result.level == level
    assert (code in codes(result)) if code else not result.reasons


def test_renewed_ffl_reason():
    result = verdict("dealer", {"license_number": "5-74-019-07-2E-05342"}, {"license_number": "5-74-019-07-5H-05342"})
    assert [r.render() for r in result.reasons] == [
        "same FFL licence (region, district and sequence)", "the expiration codes differ: the licence was renewed"]


@pytest.mark.parametrize("a, b, level, code", [
    ({"name": "Transportes Rápidos S.A. de C.V.", "registration_number": "TRA-010101-AB1"},
     {"name": "Otra Cosa SA", "registration_number": "tra010101ab1"}, "match", "same_registration"),
    ({"name": "Acme", "registration_number": "12-3456789"}, {"name": "Acme", "registration_number": "98-7654321"},
     None, None),
    ({"name": "Transportes Rápidos S.A. de C.V."}, {"name": "TRANSPORTES RAPIDOS SA DE CV", "registration_number": "X"},
     "possible", "same_business_name"),
    ({"name": "Acme LLC", "state": "AZ"}, {"name": "Acme, Inc.", "state": "Arizona"}, "possible", "same_business_name"),
    ({"name": "Acme LLC", "state": "AZ"}, {"name": "Acme, Inc.", "state": "TX"}, None, None),
    ({"name": "Acme LLC", "country": "US"}, {"name": "Acme SA de CV", "country": "MX"}, None, None),
    ({"name": "Acme"}, {"name": "Apex"}, None, None),
])
def test_compare_businesses(a, b, level, code):
    result = verdict("business", a, b)
    assert result.level == level
    assert (code in codes(result)) if code else not result.reasons


# --- addresses --------------------------------------------------------------

HOUSE = {"line1": "Av. Juárez #123", "city": "Cd. Juárez", "state": "Chih.", "postal_code": "32000"}


@pytest.mark.parametrize("other, level, code", [
    ({"line1": "Avenida Juarez No. 123", "city": "Juarez", "state": "CHIH", "postal_code": "32000", "country": "MX"},
     "match", "same_address"),
    ({"line1": "123 Juarez Ave", "city": "Ciudad Juárez", "state": "Chihuahua"}, "possible", "same_street_city"),
    ({"line1": "Av. Juárez 123", "city": "Ciudad Juárez", "postal_code": "32001"}, "possible", "postal_differs"),
    ({"line1": "Calle Juárez 123", "city": "Juárez", "postal_code": "32000"}, "possible", "street_type_differs"),
    ({"line1": "Av. Juárez 123 Int. 4", "city": "Juárez", "postal_code": "32000"}, "match", "same_address"),
    ({"line1": "Av. Juárez 125", "city": "Juárez", "postal_code": "32000"}, None, None),
    ({"line1": "Av. Juárez 123", "city": "Juárez", "state": "SON", "postal_code": "32000"}, None, None),
    ({"line1": "Av. Juárez 123", "city": "Chihuahua"}, None, None),
    ({"line1": "Av. Juárez 123"}, None, None),
])
def test_compare_addresses(other, level, code):
    result = verdict("address", HOUSE, other)
    assert result.level == level
    assert (code in codes(result)) if code else not result.reasons


@pytest.mark.parametrize("a, b, level, code", [
    ({"line1": "123 Main St Apt 4", "city": "Tucson", "postal_code": "85701"},
     {"line1": "123 Main St Apt 5", "city": "Tucson", "postal_code": "85701"}, "possible", "unit_differs"),
    ({"line1": "Hidalgo 12, Col. Centro", "city": "Nogales", "state": "SON", "postal_code": "84000"},
     {"line1": "Hidalgo 12, Col. Buenos Aires", "city": "Nogales", "state": "SON", "postal_code": "84000"},
     "possible", "colonia_differs"),
    ({"line1": "123 Main St", "city": "Phoenix", "postal_code": "85301"},
     {"line1": "123 Main St", "city": "Glendale", "postal_code": "85301"}, "possible", "city_differs"),
    ({"line1": "123 Main St", "city": "Tucson", "latitude": 32.2217, "longitude": -110.9265},
     {"line1": "123 Main Street", "city": "Tucson", "latitude": 32.2219, "longitude": -110.9266}, "match", "same_point"),
])
def test_compare_address_details(a, b, level, code):
    result = verdict("address", a, b)
    assert result.level == level and code in codes(result)


# --- gun shows --------------------------------------------------------------

SHOW = {"name": "Crossroads of the West Gun Show", "venue": "Pima County Fairgrounds", "city": "Tucson",
        "state": "AZ", "starts_on": date(2024, 3, 9), "ends_on": date(2024, 3, 10)}


@pytest.mark.parametrize("other, level, code", [
    ({**SHOW, "name": "2024 CROSSROADS OF THE WEST", "state": "Arizona", "starts_on": date(2024, 3, 10),
      "ends_on": date(2024, 3, 11)}, "match", "same_gun_show"),
    ({**SHOW, "starts_on": "2024-03-09", "ends_on": "2024-03-10"}, "match", "same_gun_show"),
    ({**SHOW, "starts_on": date(2024, 3, 10), "ends_on": None}, "match", "same_gun_show"),
    ({**SHOW, "starts_on": date(2024, 4, 13), "ends_on": date(2024, 4, 14)}, None, None),
    ({**SHOW, "city": "Phoenix", "venue": "State Fairgrounds"}, None, None),
    ({**SHOW, "state": "NM"}, None, None),
    ({**SHOW, "starts_on": None, "ends_on": None}, "possible", "same_gun_show_undated"),
    ({**SHOW, "name": "Tucson Gun & Knife Show"}, "possible", "same_venue_dates"),
    ({**SHOW, "name": "Tucson Gun & Knife Show", "venue": "Tucson Expo Center"}, None, None),
    ({"name": SHOW["name"], "starts_on": date(2024, 3, 9)}, "possible", "same_gun_show_unplaced"),
])
def test_compare_gun_shows(other, level, code):
    result = verdict("gun_show", SHOW, other)
    assert result.level == level
    assert (code in codes(result)) if code else not result.reasons


def test_gun_show_reason_counts_days():
    two = verdict("gun_show", SHOW, {**SHOW, "ends_on": date(2024, 3, 11)})
    one = verdict("gun_show", SHOW, {**SHOW, "starts_on": date(2024, 3, 10), "ends_on": date(2024, 3, 12)})
    assert two.reasons[0].render() == "same gun show: names agree and the dates overlap (2 days)"
    assert one.reasons[0].render() == "same gun show: names agree and the dates overlap (1 day)"


def test_gun_shows_by_coordinates():
    a = {"name": "Tucson Gun Show", "latitude": 32.05, "longitude": -110.78, "starts_on": date(2024, 3, 9)}
    b = {"name": "Tucson Gun Show", "latitude": 32.06, "longitude": -110.79, "starts_on": date(2024, 3, 9)}
    far = {**b, "latitude": 33.45, "longitude": -112.07}
    assert verdict("gun_show", a, b).level == "match"
    assert verdict("gun_show", a, far).level is None
    assert set(keys("gun_show", **a)) & set(keys("gun_show", **b))


@pytest.mark.parametrize("name, expected", [
    ("2024 Crossroads of the West Gun Show", "CROSSROADSWEST"),
    ("Crossroads Of The West", "CROSSROADSWEST"),
    ("32nd Annual Big Reno Gun & Knife Show", "BIGRENO"),
    ("Gun Show", "GUNSHOW"),
    (None, ""),
])
def test_gun_show_name(name, expected):
    assert gun_show_name(name) == expected


# --- keys and verdicts agree ------------------------------------------------

@pytest.mark.parametrize("kind, a, b", [
    ("firearm", {"make": "Colt", "serial_number": "AB12O45"}, {"make": "COLT", "serial_number": "ab-12045"}),
    ("firearm", {"make": None, "serial_number": "AB12045"}, {"make": "Colt", "serial_number": "AB12045"}),
    ("firearm", {"make": "Century Arms", "serial_number": "AB12045"}, {"make": "Romarm", "serial_number": "AB12045"}),
    ("vehicle", {"plate": "ABC1234", "plate_region": None}, {"plate": "ABC-1234", "plate_region": "SON"}),
    ("vehicle", {"vin": VIN}, {"vin": VIN.lower(), "plate": "XYZ987", "plate_region": "TX"}),
    ("phone", {"number": "+52 1 662 123 4567"}, {"number": "044 662 123 4567"}),
    ("email", {"address": "j.doe@gmail.com"}, {"address": "jdoe+1@googlemail.com"}),
    ("dealer", {"license_number": "5-74-019-07-2E-05342"}, {"license_number": "5-74-019-07-5H-05342"}),
    ("dealer", {"name": "Acme Guns LLC"}, {"name": "ACME GUNS, INC.", "license_number": "574-05342"}),
    ("business", {"name": "Acme SA de CV"}, {"name": "ACME S.A."}),
    ("address", HOUSE, {"line1": "123 Juarez Ave", "city": "Juárez"}),
    ("address", HOUSE, {"line1": "Juárez 123", "postal_code": "32000"}),
    ("gun_show", SHOW, {"name": "Crossroads West", "city": "Tucson"}),
])
def test_every_verdict_is_reachable_through_a_shared_key(kind, a, b):
    """A pair the verdict calls a (possible) match must share a blocking key, or the index would miss it."""
    assert verdict(kind, a, b, "MX", "MX").level is not None
    assert set(identifier_keys(kind, a, "MX")) & set(identifier_keys(kind, b, "MX"))
