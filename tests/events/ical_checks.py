"""Checks of iCalendar text that do not trust a parser: the Python parsers accept a missing UID or DTSTAMP
and unfolded long lines, so the structure is checked here line by line, and the text is then parsed by
icalendar and by an independent, stricter parser (`ical`)."""

import re
from dataclasses import dataclass, field

import icalendar
from ical.calendar_stream import IcsCalendarStream

REQUIRED_EVENT_PROPERTIES = ("UID", "DTSTAMP", "DTSTART")


@dataclass
class Component:
    name: str
    properties: list[tuple[str, str, str]] = field(default_factory=list)  # (name, parameters, value)
    children: list["Component"] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [value for prop, _params, value in self.properties if prop == name]

    def value(self, name: str) -> str:
        (found,) = self.values(name)
        return found

    def walk(self, name: str) -> list["Component"]:
        found = [self] if self.name == name else []
        for child in self.children:
            found.extend(child.walk(name))
        return found


def unfold(text: bytes) -> list[str]:
    """The logical lines: CRLF followed by a space or tab continues the previous line."""
    return text.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def check_structure(text: bytes) -> Component:
    """Assert the RFC 5545 layout of `text` and return its component tree."""
    assert text.endswith(b"\r\n"), "the last line must end with CRLF"
    physical = text[:-2].split(b"\r\n")
    for number, line in enumerate(physical, start=1):
        assert b"\n" not in line and b"\r" not in line, f"line {number} has a bare CR or LF"
        assert len(line) <= 75, f"line {number} is {len(line)} octets long (not folded at 75)"
    stack: list[Component] = []
    root = None
    for line in unfold(text)[:-1]:
        match = re.match(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.group(1).upper(), match.group(2), match.group(3)
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "more than one top-level component"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack, f"END:{value} without BEGIN"
            assert stack[-1].name == value.upper(), f"END:{value} closes BEGIN:{stack[-1].name}"
            stack.pop()
        else:
            assert stack, f"property outside a component: {line!r}"
            stack[-1].properties.append((name, params, value))
    assert not stack, f"unclosed components: {[component.name for component in stack]}"
    assert root is not None and root.name == "VCALENDAR"
    assert root.values("VERSION") == ["2.0"] and len(root.values("PRODID")) == 1
    for event in root.walk("VEVENT"):
        for required in REQUIRED_EVENT_PROPERTIES:
            assert len(event.values(required)) == 1, f"a VEVENT has {len(event.values(required))} {required}"
    used = set()
    for component in root.walk("VEVENT"):
        for _name, params, _value in component.properties:
            used.update(re.findall(r";TZID=([^;:]+)", params))
    defined = {zone.value("TZID") for zone in root.walk("VTIMEZONE")}
    assert used <= defined, f"TZIDs without a VTIMEZONE: {used - defined}"
    return root


def parse_both(text: bytes):
    """Parse with icalendar and with `ical` (which refuses what RFC 5545 forbids); return both results."""
    with_icalendar = icalendar.Calendar.from_ical(text)
    with_ical = IcsCalendarStream.calendar_from_ics(text.decode("utf-8"))
    return with_icalendar, with_ical


def check_calendar(text: bytes) -> Component:
    """Everything above at once: layout, required properties, time zones, and both parsers."""
    root = check_structure(text)
    with_icalendar, with_ical = parse_both(text)
    assert len(with_icalendar.events) == len(root.walk("VEVENT")) == len(with_ical.events)
    return root
