/* The visitor's own time beside an event's time: fills the hidden [data-local-time] elements that
   events/includes/event_when.html leaves for visitors whose time zone the server does not know. Without
   JavaScript (or when the browser's clock reads the same as the event's) only the event's own time shows. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) { return; }
  var lang = document.documentElement.lang || undefined;
  var full = { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  var clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  var day = { year: "numeric", month: "2-digit", day: "2-digit" };

  function format(options, timeZone, date) {
    return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: timeZone }, options)).format(date);
  }

  function fill(element) {
    var start = new Date(Number(element.getAttribute("data-start")) * 1000);
    var end = new Date(Number(element.getAttribute("data-end")) * 1000);
    var eventZone = element.getAttribute("data-event-zone");
    if (isNaN(start.getTime()) || isNaN(end.getTime())) { return; }
    try {
      if (format(full, zone, start) === format(full, eventZone, start)) { return; }
    } catch (error) {
      return;  // an unknown zone name: keep the event's own time only
    }
    var sameDay = format(day, zone, start) === format(day, zone, end);
    var until = sameDay ? format(clock, zone, end) : format(full, zone, end);
    element.textContent = element.getAttribute("data-label") + " " + format(full, zone, start) + "–" + until + " (" + zone + ")";
    element.hidden = false;
  }

  function run() {
    var elements = document.querySelectorAll("[data-local-time]");
    for (var i = 0; i < elements.length; i += 1) { fill(elements[i]); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
}());
