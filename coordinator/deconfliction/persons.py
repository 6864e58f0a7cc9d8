"""Person records and the pairwise score, a probability.

A person registered by one agency is compared with the persons other
agencies registered before. ``personkeys.person_keys`` gives the keys under
which a record is indexed; a check reads the records that share any key and
scores each with ``compare_persons``.

The score is a Fellegi-Sunter model. Each field adds its evidence in bits,
log2(m/u): how much likelier the observed agreement is for one person (m)
than for two (u). Agreement on a name or a date of birth weighs by how
common it is (``frequencies``): u is the share of person records carrying
it. The prior odds that a candidate is the same person are taken over the
population, one expected record of the person for ``PRIOR_MATCHES``
times ``population`` records, so the same evidence means less in a large
database. The posterior is the probability the score states; ``match`` and
``possible`` are thresholds on it. A few rules, for what an independence
model cannot see (relatives share names, addresses and surnames together),
keep a name alone, twins, siblings and a parent and child from ever being a
confident match, and weak evidence from raising an alert at all
(``personrules``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, Iterable, Mapping

from coordinator.deconfliction.dates import read_date
from coordinator.deconfliction.droppedletters import in_viewers_words, read_back_dropped_letters
from coordinator.deconfliction.frequencies import PRIOR, Frequencies
from coordinator.deconfliction.namematch import compare_names
from coordinator.deconfliction.nameverdict import W_SURNAME_DIFFER, NameVerdict
from coordinator.deconfliction.personfields import (
    PreparedPerson, compare_address, compare_documents, compare_dob, dob_and_sex_with_curp, dob_state,
)
from coordinator.deconfliction.personrules import (
    READ_OTHERWISE, a_woman, another_surname_same_woman, initial_then_same_names, ruled_level,
)
from coordinator.deconfliction.reasons import N_, MatchResult, Reason

# Thresholds on the probability that two records are one person.
MATCH_PROBABILITY = 0.99
POSSIBLE_PROBABILITY = 0.5
# A pair the rules hold back from "match" states this probability.
CAPPED_PROBABILITY = 0.95
# How many records of one person another agency is expected to hold: the
# prior odds of a candidate are this over the population.
PRIOR_MATCHES = 0.5
# Names alone overstate their evidence: they run in families and regions,
# which the frequencies of single names do not show. Without a date of
# birth, an address or a document agreeing, the names' bits are reduced by this.
NAMES_ALONE_DISCOUNT = 4.0
# Less when the whole name agrees, the given name with the surnames: what
# runs in families is the surnames, and a brother's given name is another.
# A rare full name then says by itself what its frequencies say (a
# Eriberto Uitzil Zúñiga), a common one (José Hernández García) stays below
# "possible" in a large database.
FULL_NAME_ALONE_DISCOUNT = 2.0
# Less still when the whole name of three parts or more (a given name and two
# surnames, two given names and a surname) is written alike on both records,
# part for part: a namesake of every part of a longer name is rarer than its
# parts' frequencies tell apart from a relative's, and the relatives the
# discount is for differ in one of the parts. A name of two parts (Sharon
# Hill) is what namesakes share, and keeps the full discount.
EXACT_NAME_ALONE_DISCOUNT = 1.0
# How names may agree that is not "written alike".
_SPELT_OTHERWISE = READ_OTHERWISE | {"sounds_alike", "typo", "particle", "surname_spacing", "one_surname",
                                      "surname_shorthand"}
_FULL_NAME_KINDS = frozenset({"exact", "nickname", "equivalent", "sound", "typo", "nickname_typo", "joined"})
# Every surname differing is strong evidence of two people (log2 m/u with
# m about 1 in 128: a surname dropped and replaced), but not for a woman, who
# may be recorded under a married or a maiden name: m about 1 in 12.
W_SURNAMES_DIFFER_WOMAN = -3.6
# "Jr." (or Sr., II) on one record, the other silent: a father and a son of
# one name exist, but agencies leave the marker out often (one record of a
# Jr. in three or so), so the silent record is as likely the same person.
# Two markers that differ are two persons (-10).
W_GENERATION_ONE_SIDE = -1.5


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def parse_dob(value: Any) -> date | None:
    """Read a date of birth from a date, a datetime or a string as systems write one (``dates.read_date``); None if
    it is not one."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    if len(text) == 10 and text[4] == text[7] == "-" and text[:4].isdigit():  # as stored: the quick way
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return read_date(text)


@dataclass(frozen=True)
class PersonRecord:
    """What one agency recorded about one person, as plain values."""

    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    second_last_name: str | None = None
    aliases: tuple[str, ...] = ()
    dob: date | None = None
    sex: str | None = None
    nationality: str | None = None
    documents: tuple[tuple[str, str], ...] = ()
    line1: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> PersonRecord:
        """Build a record from the API's field names; unknown fields are ignored."""
        aliases = fields.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = (aliases,)
        documents = []
        for doc in fields.get("documents") or ():
            kind, number = (doc.get("kind"), doc.get("number")) if isinstance(doc, Mapping) else doc
            if _clean(kind) and _clean(number):
                documents.append((str(kind).strip().lower(), str(number).strip()))
        sex = (_clean(fields.get("sex")) or "").upper()
        nationality = (_clean(fields.get("nationality")) or "").upper()
        return cls(
            first_name=_clean(fields.get("first_name")),
            middle_name=_clean(fields.get("middle_name")),
            last_name=_clean(fields.get("last_name")),
            second_last_name=_clean(fields.get("second_last_name")),
            aliases=tuple(a for a in (_clean(x) for x in aliases) if a),
            dob=parse_dob(fields.get("dob")),
            sex=sex if sex in ("M", "F", "X") else None,
            nationality=nationality if len(nationality) == 2 else None,
            documents=tuple(documents),
            line1=_clean(fields.get("address_line1") or fields.get("line1")),
            city=_clean(fields.get("city")),
            state=_clean(fields.get("state")),
            postal_code=_clean(fields.get("postal_code")),
        )

    @cached_property
    def known(self) -> tuple[date | None, str | None, bool]:
        """The date of birth and sex the matcher reads (the CURP's where the record lacks them), and whether the
        date is the CURP's (``personfields.dob_and_sex_with_curp``)."""
        return dob_and_sex_with_curp(parse_dob(self.dob), self.sex, self.documents)

    @cached_property
    def _prepared(self) -> PreparedPerson:
        return PreparedPerson(self)



# --- scoring -------------------------------------------------------------------

def _compare_all_names(a: PreparedPerson, b: PreparedPerson, frequencies: Frequencies) -> NameVerdict:
    """The best of the recorded names and aliases of each side."""
    best = compare_names(a.given, a.surnames, b.given, b.surnames, frequencies, a.given_words, b.given_words)
    if not a.alternatives and not b.alternatives:
        return best
    names_a = [(a.given, a.surnames, "")] + a.alternatives
    names_b = [(b.given, b.surnames, "")] + b.alternatives
    for ga, sa, alias_a in names_a:
        for gb, sb, alias_b in names_b:
            if not (alias_a or alias_b):
                continue
            verdict = compare_names(ga, sa, gb, sb, frequencies)
            if verdict.weight > best.weight:
                # Only the viewer's own alias is quoted; the other record's stays theirs.
                reason = (Reason("alias", N_("matched through your alias %(alias)s"), {"alias": alias_a}) if alias_a
                          else Reason("alias_other", N_("matched through an alias on the other record")))
                verdict.reasons.insert(0, reason)
                best = verdict
    return best



def _every_part_agrees(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> bool:
    """Every given name and surname of each record agrees, part for part, none missing on either side."""
    return (names.given == names.surnames == "agree" and names.given_kind == "exact"
            and len(pa.given) == len(pb.given) and len(pa.surnames) == len(pb.surnames))


def _same_name(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> list[Reason]:
    """"Your name ... agrees in full" where every given name and surname agrees as written: quoting the viewer's own."""
    if names.reasons or not _every_part_agrees(names, pa, pb):
        return []
    own = " ".join(n.raw for n in pa.given + pa.surnames)
    return [Reason("same_name", N_("your name %(a)s agrees in full"), {"a": own})]


def _names_alone_discount(names: NameVerdict, pa: PreparedPerson, pb: PreparedPerson) -> float:
    """The bits names alone give up: fewer when the given name and the surnames agree in full, fewer still when
    a name of three parts or more is written alike, part for part."""
    full = names.given == names.surnames == "agree" and (names.given_kind in _FULL_NAME_KINDS
                                                        or initial_then_same_names(names, pa, pb))
    if _every_part_agrees(names, pa, pb) and not {r.code for r in names.reasons} & _SPELT_OTHERWISE \
            and len(pa.given) + len(pa.surnames) >= 3 and not any(g.is_initial for g in pa.given + pb.given):
        return EXACT_NAME_ALONE_DISCOUNT
    return FULL_NAME_ALONE_DISCOUNT if full else NAMES_ALONE_DISCOUNT




def _earned(probability: float) -> str | None:
    """The level the probability alone earns."""
    return "match" if probability >= MATCH_PROBABILITY else "possible" if probability >= POSSIBLE_PROBABILITY else None


def probability_of(weight: float, population: int) -> float:
    """The posterior probability of one person: prior odds PRIOR_MATCHES / population, times 2**weight."""
    bits = weight - math.log2(population / PRIOR_MATCHES)
    return 1.0 / (1.0 + 2.0 ** -max(min(bits, 60.0), -60.0))


def compare_persons(a: PersonRecord, b: PersonRecord, frequencies: Frequencies = PRIOR) -> MatchResult:
    """Score how likely two person records are one person, and say why, in ``a``'s terms.

    ``frequencies`` tells how common each name and date of birth is; without
    it the public data alone (``frequencies.PRIOR``) is assumed.
    """
    pa, pb, dropped_reasons, own_text = read_back_dropped_letters(a._prepared, b._prepared)
    doc_weight, doc_reasons, doc_state = compare_documents(pa, pb)
    dob_weight, dob_reasons, dob_state = compare_dob(pa, pb, frequencies)
    names = _compare_all_names(pa, pb, frequencies)
    address_weight, address_reasons, address_agrees = compare_address(pa, pb)
    weight = doc_weight + dob_weight + names.weight + address_weight
    # A name read back from the other record is quoted by the reason that says so, in the viewer's own text.
    reasons = (([] if dropped_reasons else _same_name(names, pa, pb)) + doc_reasons + dob_reasons + dropped_reasons
               + names.reasons + address_reasons)
    if pa.dob is not None and pb.dob is not None and dob_state == "missing":
        reasons.append(Reason("dob_placeholder", N_("a date of birth is a placeholder (such as 1900-01-01) and is "
                                                    "not counted")))
    # No whole date corroborates the names: none, one entered from the month alone, or from a year alone that
    # differs (1 January 1962 against 3 December 1960: no more than no date, and a little against).
    uncorroborated = dob_state in ("missing", "month") or dob_state == "placeholder" and dob_weight < 0
    if uncorroborated and doc_state != "agree" and not address_agrees and names.weight > 0:
        weight -= min(_names_alone_discount(names, pa, pb), names.weight)
        if pa.dob is None or pb.dob is None:
            reasons.append(Reason("names_alone", N_("no date of birth on one record: the names alone, weighed by "
                                                    "how common they are")))
    if (pa.dob is None or pb.dob is None) and address_agrees in ("house", "street") and doc_state != "agree":
        # Why a name at one home stops at "possible" (``personrules.ruled_level``).
        reasons.append(Reason("home_without_dob", N_("no date of birth on one record: a relative of the same name "
                                                     "may live at this address")))
    if names.surnames == "differ" and a_woman(pa, pb):
        weight += W_SURNAMES_DIFFER_WOMAN - W_SURNAME_DIFFER
    if a.known[2] and dob_state != "missing":
        reasons.append(Reason("dob_from_curp", N_("your record's date of birth is the one its CURP states")))
    if pa.sex and pb.sex:
        if pa.sex == pb.sex:
            weight += 1.0
        else:
            weight -= 5.0
            reasons.append(Reason("sex_differs", N_("recorded with different sex")))
    if pa.nationality and pb.nationality:
        weight += 0.5 if pa.nationality == pb.nationality else -1.0
    if pa.generation != pb.generation:
        weight += -10.0 if pa.generation and pb.generation else W_GENERATION_ONE_SIDE
        reasons.append(Reason("generation_differs", N_("the records differ in a generation marker (Jr., Sr., II)")))
    reasons = in_viewers_words(reasons, own_text)
    probability = probability_of(weight, frequencies.population)
    level = ruled_level(_earned(probability), names, doc_state, dob_state, address_agrees, pa, pb)
    if level is None and probability >= POSSIBLE_PROBABILITY and another_surname_same_woman(names, dob_state, pa, pb):
        level = "possible"  # a married name: a reviewer judges, never a match
    if level != "match" and probability >= MATCH_PROBABILITY:
        probability = CAPPED_PROBABILITY  # the rules, not the evidence, held it back
    return MatchResult(round(probability, 4), level, tuple(reasons))


def could_alert(a: PersonRecord, b: PersonRecord) -> bool:
    """A cheap look before the full comparison: False when the dates of birth alone rule the pair out.

    Without a document on both sides, dates a parent's distance apart never
    alert, and dates in conflict alert only with a street in common (see
    ``personrules.ruled_level``): such a pair, without a street on both
    sides, is not compared, and its names, the costly part, are never read.
    A common name pulls hundreds of candidates born in other years; this
    leaves them out.
    """
    if a.documents and b.documents:
        return True
    state = dob_state(a.known[0], b.known[0])
    if state == "far":
        return False
    return not (state == "differ" and not (_clean(a.line1) and _clean(b.line1)))


def compare_many(record: PersonRecord, candidates: Iterable[tuple[Any, PersonRecord]],
                 frequencies: Frequencies = PRIOR) -> list[tuple[Any, MatchResult]]:
    """Score one record against candidates, best first, keeping those with a level."""
    scored = [(key, compare_persons(record, other, frequencies)) for key, other in candidates
              if could_alert(record, other)]
    return sorted((s for s in scored if s[1].level), key=lambda s: s[1].score, reverse=True)
