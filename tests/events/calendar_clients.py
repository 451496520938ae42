"""The instants that independent calendar parsers read from an iCalendar file, for checking against zoneinfo.

Four parsers, three independent implementations of VTIMEZONE arithmetic:
- Mozilla's ical.js (Thunderbird's parser), on Node.js, installed from the npm registry by
  tests/calendar_clients/package.json + package-lock.json (`make calendar-clients`, which `make unit` runs);
- the `ical` library (its own VTIMEZONE expansion, ical.timezone.IcsTimezoneInfo);
- vobject and icalendar, which both read a VTIMEZONE through dateutil's tzical.

None may fall back on a time zone database of its own: before parsing, every TZID in the file is renamed to a
name no database knows ("Roundtable-Test-<n>/Europe/Brussels"), so each parser can only use the file's own
VTIMEZONE; each helper also checks the tzinfo it got is the one built from that VTIMEZONE (not pytz, zoneinfo
or a floating time). A missing Node.js or ical.js fails the test: it never skips.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import vobject
from dateutil import tz as dateutil_tz
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

CLIENTS_DIR = Path(__file__).resolve().parents[1] / "calendar_clients"
ICALJS_SCRIPT = CLIENTS_DIR / "instants.mjs"
ICALJS_PACKAGE = CLIENTS_DIR / "node_modules" / "ical.js" / "package.json"
ICALJS_VERSION = json.loads((CLIENTS_DIR / "package.json").read_text())["dependencies"]["ical.js"]

_renames = itertools.count(1)

# uid -> (start, end) as UTC POSIX seconds
Instants = dict[str, tuple[int, int]]


def unfold(text: bytes) -> str:
    return text.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def isolate_tzids(text: bytes) -> str:
    """The file, unfolded, with every TZID renamed to one unknown to any time zone database."""
    unfolded = unfold(text)
    tzids = set(re.findall(r"^TZID:(.+?)\r$", unfolded, flags=re.MULTILINE))
    for tzid in sorted(tzids, key=len, reverse=True):
        renamed = f"Roundtable-Test-{next(_renames)}/{tzid}"
        unfolded = unfolded.replace(f"TZID:{tzid}\r\n", f"TZID:{renamed}\r\n")
        unfolded = unfolded.replace(f"TZID={tzid}:", f"TZID={renamed}:").replace(
            f"TZID={tzid};", f"TZID={renamed};"
        )
    return unfolded


def _seconds(moment: datetime) -> int:
    assert moment.tzinfo is not None and moment.utcoffset() is not None, f"a floating time: {moment}"
    return int(moment.astimezone(UTC).timestamp())


def _own_tzinfo(moment: datetime, allowed: tuple[type, ...]) -> None:
    """The time was read with the tzinfo its parser builds from a VTIMEZONE (or is a UTC time)."""
    if isinstance(moment.tzinfo, allowed):
        return
    assert moment.utcoffset() == timedelta(0) and moment.tzname() in ("UTC", "Z"), (
        f"{moment!r}: not read from the file's VTIMEZONE"
    )


def _dateutil_vtimezone_class() -> type:
    """The class of dateutil's VTIMEZONE-built tzinfo (private in dateutil: found by building one)."""
    sample = (
        "BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    return type(dateutil_tz.tzical(io.StringIO(sample)).get("X"))


DATEUTIL_VTIMEZONE = (_dateutil_vtimezone_class(),)


def vobject_instants(text: str) -> Instants:
    found = {}
    for vevent in vobject.readOne(text).contents.get("vevent", []):
        start, end = vevent.dtstart.value, vevent.dtend.value
        for moment in (start, end):
            _own_tzinfo(moment, DATEUTIL_VTIMEZONE)
        found[str(vevent.uid.value)] = (_seconds(start), _seconds(end))
    return found


def icalendar_instants(text: str) -> Instants:
    found = {}
    for vevent in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        for moment in (start, end):
            _own_tzinfo(moment, DATEUTIL_VTIMEZONE)
        found[str(vevent["UID"])] = (_seconds(start), _seconds(end))
    return found


def ical_instants(text: str) -> Instants:
    found = {}
    for event in IcsCalendarStream.calendar_from_ics(text).events:
        for moment in (event.dtstart, event.dtend):
            _own_tzinfo(moment, (IcsTimezoneInfo,))
        found[event.uid] = (_seconds(event.dtstart), _seconds(event.dtend))
    return found


def icaljs_instants(texts: list[str]) -> list[Instants]:
    """ical.js's reading of each text, in one Node.js process."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the ical.js check (the machine's /usr/bin/node)"
    assert ICALJS_PACKAGE.exists(), "ical.js is not installed: run `make calendar-clients` (npm ci)"
    installed = json.loads(ICALJS_PACKAGE.read_text())["version"]
    assert installed == ICALJS_VERSION, (
        f"ical.js {installed} is installed, the lock file says {ICALJS_VERSION}"
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, text in enumerate(texts):
            path = Path(folder) / f"{number}.ics"
            path.write_text(text, encoding="utf-8", newline="")
            paths.append(str(path))
        done = subprocess.run(  # noqa: S603 (a fixed script of ours, file names we made)
            [node, str(ICALJS_SCRIPT), *paths], capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, f"ical.js failed: {done.stderr}"
        read = json.loads(done.stdout)
    return [
        {event["uid"]: (event["start"]["utc"], event["end"]["utc"]) for event in read[path]["events"]}
        for path in paths
    ]


PYTHON_PARSERS = {"vobject": vobject_instants, "icalendar": icalendar_instants, "ical": ical_instants}


def readings(files: list[bytes]) -> dict[str, list[Instants]]:
    """parser name -> its reading of each file (TZIDs isolated first)."""
    isolated = [isolate_tzids(text) for text in files]
    found = {name: [parse(text) for text in isolated] for name, parse in PYTHON_PARSERS.items()}
    found["ical.js"] = icaljs_instants(isolated)
    return found


def disagreements(files: list[bytes], expected: Instants) -> list[str]:
    """What any parser reads differently from `expected` (uid -> UTC start and end from zoneinfo), per event
    of every file; each file must hold only events of `expected`."""
    problems = []
    for parser, per_file in readings(files).items():
        for number, instants in enumerate(per_file):
            for uid, got in instants.items():
                want = expected[uid]
                if got != want:
                    shown = [datetime.fromtimestamp(value, UTC).isoformat() for value in (*got, *want)]
                    problems.append(f"{parser}, file {number}, {uid}: read {shown[:2]}, zoneinfo {shown[2:]}")
    return problems
