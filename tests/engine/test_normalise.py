"""Normalisers against the messiness of real case records."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordinator.deconfliction.normalise import (
    _e164,
    ffl_identity_key, normalise_address, normalise_business_name, normalise_country, normalise_email,
    normalise_ffl, normalise_make, normalise_phone, normalise_plate, normalise_region, normalise_serial,
    normalise_text, normalise_vin,
)
from coordinator.deconfliction.places import normalise_city, normalise_postal_code, parse_address


@pytest.mark.parametrize("value, expected", [
    ("José Peña", "JOSE PENA"),
    ("  Ñoño's   Av. ", "NONOS AV"),
    ("São Paulo—Sul", "SAO PAULO SUL"),
    ("ＡＢＣ１２３", "ABC123"),  # full-width characters from some keyboards
    (None, ""),
    ("", ""),
    ("...", ""),
    (123, "123"),
])
def test_normalise_text(value, expected):
    assert normalise_text(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("ab-12 o45", "AB12045"),
    ("AB120 45", "AB12045"),
    ("AB12O45", "AB12045"),
    ("abi2345", "AB12345"),
    ("S/N: DX1234", "DX1234"),
    ("Serial No. DX1234", "DX1234"),
    ("sn#DX1234", "DX1234"),
    ("12.345/6", "123456"),
    (123456, "123456"),
    ("LS12345", "LS12345"),  # L is a genuine serial letter: not folded
    ("", None),
    ("   ", None),
    (None, None),
    ("N/A", None),
    ("unknown", None),
    ("Obliterated", None),
    ("LIMADO", None),
    ("0000", None),
    ("-", None),
    ("7", None),
])
def test_normalise_serial(value, expected):
    assert normalise_serial(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("Colt's Manufacturing", "COLT"),
    ("COLT", "COLT"),
    ("colts mfg co", "COLT"),
    ("Smith & Wesson", "SMITH WESSON"),
    ("S&W", "SMITH WESSON"),
    ("SMITH AND WESSON", "SMITH WESSON"),
    ("Romarm/Cugir", "ROMARM"),
    ("CUGIR", "ROMARM"),
    ("Draco", "ROMARM"),  # a model typed as the make
    ("WASR-10", "ROMARM"),
    ("Century Arms", "CENTURY ARMS"),
    ("Century International Arms, Inc.", "CENTURY ARMS"),
    ("FN Herstal", "FN HERSTAL"),
    ("FNH", "FN HERSTAL"),
    ("FN America LLC", "FN HERSTAL"),
    ("Norinco", "NORINCO"),
    ("China North Industries Corp.", "NORINCO"),
    ("Zastava Arms", "ZASTAVA"),
    ("Ruger", "RUGER"),
    ("Sturm, Ruger & Co., Inc.", "RUGER"),
    ("Barrett Firearms Mfg", "BARRETT"),
    ("GLOCK GmbH", "GLOCK"),
    ("Bushmaster", "BUSHMASTER"),
    ("Palmetto State Armory", "PALMETTO STATE ARMORY"),
    ("PSA", "PALMETTO STATE ARMORY"),
    ("H&K", "HECKLER KOCH"),
    ("Acme Firearms LLC", "ACME"),  # unknown maker: corporate words dropped
    ("Fábrica Nacional", "FABRICA NACIONAL"),
    ("AK-47", None),  # a pattern, not a maker
    ("cuerno de chivo", None),
    ("unknown", None),
    ("", None),
    (None, None),
])
def test_normalise_make(value, expected):
    assert normalise_make(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("1M8GDM9AXKP042788", ("1M8GDM9AXKP042788", True)),
    ("1m8-gdm9a xkp 042788", ("1M8GDM9AXKP042788", True)),
    ("1M8GDM9AXKPO42788", ("1M8GDM9AXKP042788", True)),  # O typed for 0
    ("1M8GDM9A1KP042788", ("1M8GDM9A1KP042788", False)),  # wrong check digit: kept, flagged
    ("11111111111111111", (None, False)),  # placeholder that happens to pass the check
    ("2T1BR32E15C123456", ("2T1BR32E15C123456", True)),
    ("2T1BR32E75C123456", ("2T1BR32E75C123456", False)),
    ("124379B123456", ("124379B123456", False)),  # 1970s 13-character VIN
    ("F10YRP12345", ("F10YRP12345", False)),
    ("1234", (None, False)),
    ("1M8GDM9AXKP0427880", (None, False)),  # 18 characters
    ("UNKNOWN", (None, False)),
    ("", (None, False)),
    (None, (None, False)),
])
def test_normalise_vin(value, expected):
    assert normalise_vin(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("AZ", "AZ"), ("Arizona", "AZ"), ("ariz.", "AZ"), ("US-AZ", "AZ"), ("Texas", "TX"),
    ("Calif.", "CA"), ("New Mexico", "NM"), ("Nuevo México", "NM"),
    ("SON", "SON"), ("Sonora", "SON"), ("son.", "SON"), ("MX-SON", "SON"), ("Estado de Sonora", "SON"),
    ("B.C.", "BC"), ("Baja California", "BC"), ("BCN", "BC"), ("Baja California Sur", "BCS"),
    ("Chihuahua", "CHIH"), ("Chih.", "CHIH"), ("CHH", "CHIH"),
    ("Sinaloa", "SIN"), ("Jalisco", "JAL"), ("Tamps.", "TAMPS"), ("Tamaulipas", "TAMPS"),
    ("N.L.", "NL"), ("Nuevo León", "NL"), ("Coahuila de Zaragoza", "COAH"),
    ("CDMX", "CDMX"), ("D.F.", "CDMX"), ("Ciudad de México", "CDMX"),
    ("Edo. Méx.", "MEX"), ("Estado de México", "MEX"), ("Michoacán", "MICH"), ("Mich.", "MICH"),
    ("Q. Roo", "QROO"), ("San Luis Potosí", "SLP"),
    ("Mexico", None),  # the country, not a state
    ("Atlantis", None), ("", None), (None, None),
])
def test_normalise_region(value, expected):
    assert normalise_region(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("US", "US"), ("U.S.A.", "US"), ("United States", "US"), ("EE.UU.", "US"), ("Estados Unidos", "US"),
    ("México", "MX"), ("mex", "MX"), ("MX", "MX"), ("Guatemala", "GT"), ("de", "DE"),
    ("Narnia", None), ("", None), (None, None),
])
def test_normalise_country(value, expected):
    assert normalise_country(value) == expected


@pytest.mark.parametrize("plate, region, expected", [
    ("abc-1234", "Sonora", "SON:ABC1234"),
    ("ABC 1234", "SON", "SON:ABC1234"),
    ("ABC·1234", "son.", "SON:ABC1234"),
    ("ABC1234", "B.C.", "BC:ABC1234"),
    ("7ABC123", "California", "CA:7ABC123"),
    ("ABO-123", "AZ", "AZ:AB0123"),  # O/0 read alike, as on many plates
    ("ABC1234", None, None),  # plates repeat across states
    ("ABC1234", "Mexico", None),
    ("sin placas", "SON", None),
    ("NO PLATE", "TX", None),
    ("A", "TX", None),
    ("", "TX", None),
    (None, "TX", None),
])
def test_normalise_plate(plate, region, expected):
    assert normalise_plate(plate, region) == expected


@pytest.mark.parametrize("number, region, expected", [
    ("(520) 623-4567", "US", "+15206234567"),
    ("520.623.4567", "US", "+15206234567"),
    ("1-520-623-4567", "US", "+15206234567"),
    ("+1 520 623 4567 ext. 12", "MX", "+15206234567"),
    ("00 1 520 623 4567", "MX", "+15206234567"),  # dialled from Mexico
    ("662 123 4567", "MX", "+526621234567"),
    ("6621234567", "MX", "+526621234567"),
    ("+52 662 123 4567", "US", "+526621234567"),
    ("+52 1 662 123 4567", "US", "+526621234567"),  # old mobile "1"
    ("+5216621234567", "MX", "+526621234567"),
    ("044 662 123 4567", "MX", "+526621234567"),  # old local mobile prefix
    ("045 662 123 4567", "MX", "+526621234567"),  # old long-distance mobile prefix
    ("01 662 123 4567", "MX", "+526621234567"),  # old long-distance prefix
    ("01 55 1234 5678", "MX", "+525512345678"),
    ("011 52 662 123 4567", "US", "+526621234567"),  # international from the US
    ("011 52 1 662 123 4567", "US", "+526621234567"),
    ("52 662 123 4567", "US", "+526621234567"),  # country code without "+"
    ("123", "US", None),
    ("555-1234", "US", None),
    ("not a phone", "US", None),
    ("", "US", None),
    (None, "MX", None),
])
def test_normalise_phone(number, region, expected):
    assert normalise_phone(number, region) == expected


@pytest.mark.parametrize("value, expected", [
    ("  Juan.Perez@Example.COM ", "juan.perez@example.com"),
    ("J.Doe+guns@GoogleMail.com", "jdoe@gmail.com"),
    ("j.d.o.e@gmail.com", "jdoe@gmail.com"),
    ("jdoe+x@yahoo.com", "jdoe+x@yahoo.com"),  # subaddressing is not universal: kept
    ("Juan Pérez <jp@example.mx>", "jp@example.mx"),
    ("mailto:jp@example.mx", "jp@example.mx"),
    ("not-an-address", None),
    ("a@b", None),
    ("@example.com", None),
    ("+tag@gmail.com", None),
    ("", None),
    (None, None),
])
def test_normalise_email(value, expected):
    assert normalise_email(value) == expected


@pytest.mark.parametrize("value, full, rds", [
    ("5-74-019-07-2E-05342", "574019072E05342", "57405342"),
    ("574019072E05342", "574019072E05342", "57405342"),
    ("5 74 019 07 2e 05342", "574019072E05342", "57405342"),
    ("5-74-019-07-5H-05342", "574019075H05342", "57405342"),  # renewed: same RDS
    ("5-74-O19-07-2E-O5342", "574019072E05342", "57405342"),  # O typed for 0
    ("8-23-091-01-7F-14245", "823091017F14245", "82314245"),
    ("9-86-013-01-7D-04518", "986013017D04518", "98604518"),  # Western region (Arizona)
    ("574-05342", None, "57405342"),  # the "first 3, last 5" form dealers quote
    ("57405342", None, "57405342"),
    ("2-74-019-07-2E-05342", None, None),  # no ATF region 2
    ("5-74-019-04-2E-05342", None, None),  # no licence type 04
    ("5-74-019-07-2I-05342", None, None),  # I is not a month letter
    ("5-74-019-07-2E-0534", None, None),
    ("hello", None, None),
    ("", None, None),
    (None, None, None),
])
def test_ffl(value, full, rds):
    assert normalise_ffl(value) == full
    assert ffl_identity_key(value) == rds


@pytest.mark.parametrize("value, expected", [
    ("Armas y Municiones del Norte, S.A. de C.V.", "ARMAS MUNICIONES DEL NORTE"),
    ("Importadora XYZ S. de R.L. de C.V.", "IMPORTADORA XYZ"),
    ("Transportes Rápidos SA", "TRANSPORTES RAPIDOS"),
    ("Consultores del Golfo S.C.", "CONSULTORES DEL GOLFO"),
    ("Acme Guns, LLC", "ACME GUNS"),
    ("ACME GUNS INC.", "ACME GUNS"),
    ("Acme Guns Corp", "ACME GUNS"),
    ("Joe's Guns & Ammo Co.", "JOES GUNS AMMO"),
    ("Joes Guns and Ammo Company", "JOES GUNS AMMO"),
    ("The Gun Store Ltd", "GUN STORE"),
    ("", None),
    (None, None),
    ("N/A", None),
])
def test_normalise_business_name(value, expected):
    assert normalise_business_name(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("85701", "85701"), ("85701-1234", "85701"), ("857011234", "85701"), ("C.P. 83000", "83000"),
    ("6000", "06000"), ("1234567", None), ("00000", None), ("", None), (None, None),
])
def test_normalise_postal_code(value, expected):
    assert normalise_postal_code(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("Cd. Juárez", "JUAREZ"), ("Ciudad Juarez", "JUAREZ"), ("Juárez", "JUAREZ"),
    ("H. Nogales", "NOGALES"), ("Heroica Nogales", "NOGALES"), ("St. Louis", "SAINT LOUIS"),
    ("Ciudad de México", "MEXICO"), ("CDMX", "MEXICO"), ("", None), (None, None),
])
def test_normalise_city(value, expected):
    assert normalise_city(value) == expected


@pytest.mark.parametrize("variants", [
    [("123 N. Main Street", "Tucson", "AZ", "85701", "US"),
     ("123 North Main St", "TUCSON", "Arizona", "85701-0001", "USA"),
     ("123 Main St N", "tucson", "az", "85701", None)],
    [("Av. Juárez #123", "Cd. Juárez", "Chih.", "32000", "México"),
     ("Avenida Juarez No. 123", "Ciudad Juarez", "Chihuahua", "32000", "MX"),
     ("Juarez Ave 123", "Juarez", "CHIH", "32000", None),
     ("123 Juárez Av", "Juárez", "Chihuahua", "C.P. 32000", "Mexico")],
    [("Calle 5 de Mayo N° 120", "Hermosillo", "Sonora", "83000", "MX"),
     ("C. 5 de Mayo 120", "Hermosillo", "SON", "83000", "MX"),
     ("5 de Mayo #120", "HERMOSILLO", "Son.", "83000", None)],
    [("Blvd. Kino 1000 Nte.", "Hermosillo", "SON", "83150", None),
     ("Boulevard Kino Norte #1000", "Hermosillo", "Sonora", "83150", "MX")],
])
def test_address_variants_agree(variants):
    parsed = [parse_address(*v) for v in variants]
    assert len({(p.street, p.city, p.state, p.postal_code, p.country) for p in parsed}) == 1
    # The canonical line also carries the street type, when one was written.
    assert len({normalise_address(*v) for v, p in zip(variants, parsed) if p.street_type}) == 1


def test_address_parts():
    parts = parse_address("Av. Juárez 123 Int. 4, Col. Centro", "Cd. Juárez", "Chih.", "32000")
    assert (parts.street, parts.street_type, parts.unit, parts.district) == ("JUAREZ 123", "AV", "4", "CENTRO")
    assert (parts.city, parts.state, parts.postal_code, parts.country) == ("JUAREZ", "CHIH", "32000", "MX")
    assert normalise_address("123 Main St Apt 4", "Tucson", "AZ", "85701", "US") == "ST MAIN 123 # 4|TUCSON|AZ|85701|US"


@pytest.mark.parametrize("args", [(None,), ("",), ("   ",), ("#",), ("S/N",)])
def test_address_without_street_is_none(args):
    assert normalise_address(*args) is None


@pytest.mark.parametrize("a, b", [
    (("123 N Main St", "Tucson", "AZ"), ("123 S Main St", "Tucson", "AZ")),
    (("123 Main St", "Tucson", "AZ"), ("125 Main St", "Tucson", "AZ")),
    (("Calle 60 No. 491", "Mérida", "YUC"), ("Calle 491 No. 60", "Mérida", "YUC")),
])
def test_different_addresses_differ(a, b):
    assert normalise_address(*a) != normalise_address(*b)


# Forms store the normalised value, and the engine normalises it again when it compares.
IDEMPOTENT = [normalise_text, normalise_serial, normalise_make, normalise_region, normalise_country,
              normalise_email, normalise_ffl, normalise_business_name, normalise_city, normalise_postal_code,
              lambda v: normalise_vin(v)[0], lambda v: normalise_phone(v, "MX")]
messy = st.text(alphabet=st.sampled_from("aAoO0iI1lL5sS-. /&#+@ñÉçx9'"), max_size=20)


@settings(max_examples=300, deadline=None, database=None)
@given(value=st.one_of(messy, st.sampled_from(["Colt's Mfg", "S&W", "5-74-019-07-2E-05342", "J.Doe+x@gmail.com",
                                                "+52 1 662 123 4567", "1m8gdm9axkpo42788", "Cd. Juárez", "B.C."])))
def test_normalisers_are_idempotent(value):
    for normalise in IDEMPOTENT:
        once = normalise(value)
        if once is not None:
            assert normalise(once) == once, normalise



@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["US", "MX"]), st.sampled_from(["US", "MX"]),
       st.from_regex(r"\+?(1|52)?[ ()-]?[2-9][0-9]{2}[ .-]?[0-9]{3}[ .-]?[0-9]{4}", fullmatch=True))
def test_a_phone_number_in_e164_reads_as_itself_in_any_region(typed_in, read_in, text):
    """What lets normalise_phone keep an E.164 number as its own answer."""
    e164 = _e164(text.strip(), typed_in)
    assert normalise_phone(text, typed_in) == e164
    if e164 is not None:
        assert _e164(e164, read_in) == e164
