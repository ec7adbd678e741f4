"""Changes and deadlines as CSV, an Atom feed (RFC 4287) and iCalendar (RFC 5545).

One writer per format, used by the API and the CLI alike; standard library only, every text escaped for its
format."""

from __future__ import annotations

import csv
import hashlib
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from app.core.csv_cells import row_cells

ATOM = "http://www.w3.org/2005/Atom"
CHANGE_COLUMNS = [
    "in_force_from", "regime", "id", "notation", "label", "kind", "case", "before", "after", "basis",
    "inferred", "detail", "version_label", "made_by", "mappings",
]  # fmt: skip


def changes_csv(records: Iterable[dict[str, Any]]) -> str:
    """One row per change, spreadsheet formulas neutralised."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CHANGE_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = {k: "" if record.get(k) is None else str(record.get(k)) for k in CHANGE_COLUMNS}
        row["mappings"] = " ".join(record.get("mappings") or [])
        writer.writerow(row_cells(row))
    return out.getvalue()


def changes_atom(records: list[dict[str, Any]], feed_id: str, title: str, self_url: str) -> str:
    """An Atom feed of changes, newest version first; each entry's id is stable across requests."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((r["in_force_from"] for r in records), default="1970-01-01")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "ai-crosswalk"
    for r in sorted(records, key=lambda r: (r["in_force_from"], r["id"], r["kind"]), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        key = f"{r['version']}|{r['id']}|{r['kind']}|{r.get('case') or ''}|{r.get('after') or ''}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = "urn:sha1:" + hashlib.sha1(key.encode()).hexdigest()  # noqa: S324 - an id, not a secret
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{r['notation']}: {r['kind']}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(r["in_force_from"])
        ET.SubElement(entry, f"{{{ATOM}}}link", href=r["version"])
        ET.SubElement(entry, f"{{{ATOM}}}category", term=r["regime"])
        ET.SubElement(
            entry, f"{{{ATOM}}}summary"
        ).text = f"{r['label']} — {r['detail']} ({r['version_label']})"
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def deadlines_ics(events: list[dict[str, Any]], calendar_name: str) -> str:
    """An iCalendar of obligation start dates: one all-day event per system, requirement and date."""
    now = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ai-crosswalk//deadlines//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(calendar_name)}",
    ]
    for e in events:
        day = date.fromisoformat(e["date"])
        uid = hashlib.sha1(f"{e['system']}|{e['id']}|{e['date']}".encode()).hexdigest()  # noqa: S324 - an id
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@ai-crosswalk",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(e['summary'])}",
            f"DESCRIPTION:{_ics_text(e['description'])}",
            f"CATEGORIES:{_ics_text(e['regime'])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1), never inside a UTF-8 sequence."""
    data, out, start = line.encode("utf-8"), [], 0
    limit = 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    out.append(data[start:].decode("utf-8"))
    return "\r\n ".join(out)
