// Reads iCalendar files (paths given as arguments) with Mozilla's ical.js, the parser of Thunderbird, and
// prints, per file, the UTC instant of every VEVENT's DTSTART and DTEND as ical.js computes it from the
// file's own VTIMEZONE components. A time whose TZID has no VTIMEZONE in the file is an error: ical.js would
// otherwise read it as floating (local) time and the caller could not tell.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(property, calendar) {
  const value = property.getFirstValue();
  const tzid = property.getParameter("tzid");
  if (tzid) {
    const zone = calendar.getFirstSubcomponent
      ? calendar.getAllSubcomponents("vtimezone").find((vtimezone) => vtimezone.getFirstPropertyValue("tzid") === tzid)
      : undefined;
    if (!zone) {
      throw new Error(`no VTIMEZONE for TZID ${tzid}`);
    }
    if (!value.zone || value.zone.tzid !== tzid || !value.zone.component) {
      throw new Error(`ical.js did not read ${tzid} from the file's VTIMEZONE`);
    }
  } else if (!value.zone || value.zone.tzid !== "UTC") {
    throw new Error(`a floating time: ${property.toICALString()}`);
  }
  return { utc: value.toUnixTime(), tzid: tzid || "UTC", local: value.toString() };
}

const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => ({
    uid: vevent.getFirstPropertyValue("uid"),
    start: instant(vevent.getFirstProperty("dtstart"), calendar),
    end: instant(vevent.getFirstProperty("dtend"), calendar),
  }));
  result[path] = {
    events,
    timezones: calendar.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid")),
  };
}
process.stdout.write(JSON.stringify(result));
