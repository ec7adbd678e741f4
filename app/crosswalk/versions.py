"""Versions and time: which version of a regime is in force on a date, what that version says a provision is
called and says, and from when it applies, for which case.

Read once at load (queries/versions.rq, application-dates.rq, provision-texts.rq) into a Timeline; `as_of`
questions are then look-ups. A later version restates only what it changes, so for each provision and case
the statement of the latest version on or before the one in force wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph

from app.graph.queries import SelectSource, load_query, run_select, term_text

# Transitional cases (a cut-off date) override the route a system takes, which overrides the general date.
TRANSITIONAL, ROUTE, GENERAL = 0, 1, 2


@dataclass(frozen=True)
class Version:
    """One version of a regime: the act that made it and the date it is in force from."""

    iri: str
    regime: str
    label: str
    in_force_from: date
    order: int
    issued: str = ""
    made_by: str = ""
    made_by_title: str = ""
    replaces: str = ""


@dataclass(frozen=True)
class ApplicationDate:
    """From when a provision applies, in one version, for one case, and on what basis."""

    provision: str
    version: str
    case: str
    date: dt.date
    until: dt.date | None
    basis: str
    basis_act: str
    inferred: bool
    note: str

    @property
    def rank(self) -> int:
        """How specific the statement is: a transitional case, a route, or every case."""
        return TRANSITIONAL if self.until else ROUTE if self.case else GENERAL


@dataclass
class Timeline:
    """Every regime's versions, the provisions' dated statements and per-version wording."""

    versions: dict[str, list[Version]] = field(default_factory=dict)
    by_iri: dict[str, Version] = field(default_factory=dict)
    dates: dict[str, list[ApplicationDate]] = field(default_factory=dict)
    texts: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    original: dict[str, str] = field(default_factory=dict)  # first wording of a provision later reworded
    introduced: dict[str, str] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, store: pyoxigraph.Store | SelectSource, root: Path) -> Timeline:
        """Read versions, dates and texts from the graph."""
        timeline = cls()
        _, rows = run_select(store, load_query("versions", root))
        per_regime: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
        for row in rows:  # a version with two titles for its act comes twice: keep the first row
            record = {k: term_text(v) for k, v in row.items()}
            per_regime[term_text(row.get("regimeKey"))].setdefault(record["version"], record)
        for regime, by_iri in per_regime.items():
            found = sorted(by_iri.values(), key=lambda r: (r["inForceFrom"], r["version"]))
            timeline.versions[regime] = [
                Version(
                    iri=r["version"],
                    regime=regime,
                    label=r.get("label", ""),
                    in_force_from=date.fromisoformat(r["inForceFrom"]),
                    order=n,
                    issued=r.get("issued", ""),
                    made_by=r.get("madeBy", ""),
                    made_by_title=r.get("madeByTitle", ""),
                    replaces=r.get("replaces", ""),
                )
                for n, r in enumerate(found)
            ]
        timeline.by_iri = {v.iri: v for vs in timeline.versions.values() for v in vs}
        _, rows = run_select(store, load_query("application-dates", root))
        dates: dict[str, list[ApplicationDate]] = defaultdict(list)
        for row in rows:
            until = term_text(row.get("until"))
            dates[term_text(row.get("provision"))].append(
                ApplicationDate(
                    provision=term_text(row.get("provision")),
                    version=term_text(row.get("version")),
                    case=term_text(row.get("case")).rsplit("/", 1)[-1] if row.get("case") else "",
                    date=date.fromisoformat(term_text(row.get("date"))),
                    until=date.fromisoformat(until) if until else None,
                    basis=term_text(row.get("basis")),
                    basis_act=term_text(row.get("basisAct")),
                    inferred=term_text(row.get("inferred")) == "true",
                    note=term_text(row.get("note")),
                )
            )
        timeline.dates = dict(dates)
        _, rows = run_select(store, load_query("provision-texts", root))
        for row in rows:
            provision = term_text(row.get("provision"))
            if row.get("original"):
                timeline.original[provision] = term_text(row.get("original"))
            if row.get("version"):
                timeline.texts.setdefault(provision, {})[term_text(row.get("version"))] = (
                    term_text(row.get("label")),
                    term_text(row.get("text")),
                )
            if row.get("introducedIn"):
                timeline.introduced[provision] = term_text(row.get("introducedIn"))
            if row.get("removedIn"):
                timeline.removed[provision] = term_text(row.get("removedIn"))
        return timeline

    def in_force(self, regime: str, day: date) -> Version | None:
        """The version of ``regime`` in force on ``day`` (None: the regime has no versions, or none yet)."""
        found = None
        for version in self.versions.get(regime, ()):
            if version.in_force_from <= day:
                found = version
        return found

    def as_of(self, regime: str, day: date) -> Version | None:
        """The version that answers for ``day``: the one in force that day. None for a regime without versions
        (it holds on every day), and None before a versioned regime's first version: the regime did not exist
        yet (an act adopted but not yet in force binds no one), so nothing of it applies — ``exists_on`` tells
        the two apart."""
        return self.in_force(regime, day)

    def exists_on(self, regime: str, day: date) -> bool:
        """Whether ``regime`` is part of the law on ``day``: a regime without versions always, a versioned one
        from the day its first version is in force (the EU AI Act from 1 August 2024, Article 113)."""
        return regime not in self.versions or self.in_force(regime, day) is not None

    def current(self, regime: str) -> Version | None:
        """The latest version of a regime."""
        versions = self.versions.get(regime)
        return versions[-1] if versions else None

    def _order(self, iri: str) -> int:
        version = self.by_iri.get(iri)
        return version.order if version else -1

    def valid_in(self, introduced: str, removed: str, version: Version | None) -> bool:
        """Whether something introduced in one version and removed in another exists in ``version`` (None: a
        regime without versions, which holds only what no version introduced)."""
        if version is None:
            return not introduced
        if introduced and self._order(introduced) > version.order:
            return False
        return not (removed and self._order(removed) <= version.order)

    def exists(self, provision: str, version: Version | None) -> bool:
        """Whether a provision is part of ``version`` of its regime."""
        return self.valid_in(self.introduced.get(provision, ""), self.removed.get(provision, ""), version)

    def wording(self, provision: str, version: Version | None) -> tuple[str, str] | None:
        """The (label, text) ``version`` gives a provision, where that or an earlier version changed it."""
        if version is None or provision not in self.texts:
            return None
        best = None
        for iri, words in self.texts[provision].items():
            order = self._order(iri)
            if order <= version.order and (best is None or order > best[0]):
                best = (order, words)
        return best[1] if best else None

    def statements(self, provision: str, version: Version | None) -> list[ApplicationDate]:
        """The dated statements in force in ``version``: per case, the latest version's statement."""
        if version is None:
            return []
        latest: dict[tuple[str, date | None], ApplicationDate] = {}
        for statement in self.dates.get(provision, ()):
            order = self._order(statement.version)
            if order > version.order:
                continue
            key = (statement.case, statement.until)
            held = latest.get(key)
            if held is None or self._order(held.version) < order:
                latest[key] = statement
        return sorted(latest.values(), key=lambda s: (s.rank, s.date, s.case))

    def effective(self, provisions: list[str], version: Version | None) -> list[ApplicationDate]:
        """The dated statements that govern ``provisions[0]`` (``provisions``: it, then those containing it):
        per case, the nearest provision's statement, so a paragraph's own date for one case leaves its
        article's dates for the other cases in force."""
        merged: dict[tuple[str, dt.date | None], ApplicationDate] = {}
        for provision in provisions:
            for statement in self.statements(provision, version):
                merged.setdefault((statement.case, statement.until), statement)
        return sorted(merged.values(), key=lambda s: (s.rank, s.date, s.case))

    def applies_from(
        self, provisions: list[str], version: Version | None, cases: frozenset[str], placed: date | None
    ) -> ApplicationDate | None:
        """When a requirement (``provisions``: it, then the provisions containing it) applies to a system in
        ``cases``: the most specific statement that fits it, the earliest date among equally specific ones."""
        fitting = [s for s in self.effective(provisions, version) if _fits(s, cases, placed)]
        if not fitting:
            return None
        best = min(s.rank for s in fitting)
        return min((s for s in fitting if s.rank == best), key=lambda s: s.date)


def _fits(statement: ApplicationDate, cases: frozenset[str], placed: date | None) -> bool:
    """A general statement fits every system; a case statement, a system in that case (and, for a
    transitional case, placed on the market before its cut-off)."""
    if statement.case and statement.case not in cases:
        return False
    return statement.until is None or (placed is not None and placed < statement.until)


def iso_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD, the one form every ``as_of`` takes ('0', a timestamp or
    2026-02-30 is a ValueError, never read as some other day; ASCII digits only)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"{text!r} is not a calendar date ({err})") from err


def version_record(version: Version) -> dict[str, str]:
    """A version as the API and reports show it."""
    return {
        "iri": version.iri,
        "label": version.label,
        "in_force_from": version.in_force_from.isoformat(),
        "made_by": version.made_by,
        "made_by_title": version.made_by_title,
        "replaces": version.replaces,
    }


def statement_record(statement: ApplicationDate) -> dict[str, object]:
    """A dated statement as the API and reports show it."""
    return {
        "date": statement.date.isoformat(),
        "case": statement.case or None,
        "until": statement.until.isoformat() if statement.until else None,
        "basis": statement.basis,
        "basis_act": statement.basis_act or None,
        "inferred": statement.inferred,
        "note": statement.note or None,
    }


def provision_as_of(
    timeline: Timeline, iri: str, ancestors: list[str], regime: str, day: date
) -> dict[str, object]:
    """What the version in force on ``day`` says of a provision: whether it is part of it, its wording where
    that version changed it, and every dated statement of when it applies (its own, else its article's).
    Before the regime's first version no version answers: the provision is part of none and has no dates."""
    version = timeline.as_of(regime, day)
    statements = timeline.effective([iri, *ancestors], version)
    wording = timeline.wording(iri, version)
    return {
        "as_of": day.isoformat(),
        "version": version_record(version) if version else None,
        "in_version": timeline.exists(iri, version) if version else regime not in timeline.versions,
        "introduced_in": timeline.introduced.get(iri) or None,
        "removed_in": timeline.removed.get(iri) or None,
        "wording": {"label": wording[0], "text": wording[1]} if wording else None,
        "application": [statement_record(s) for s in statements],
    }
