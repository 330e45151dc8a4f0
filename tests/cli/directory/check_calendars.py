#!/usr/bin/python3
"""Reads the directory's calendars with an independent iCalendar parser (Debian's python3-icalendar)
and checks them against the source layers: every weekly meeting of a Sandwell town and every
asset session is one event, in its town's file, on the right weekday at the right times, repeating
weekly on that day; nothing else is there.

usage: check_calendars.py OUT_DIR LAYERS_DIR
"""
import json
import os
import re
import sys

try:
    import icalendar
except ImportError:
    print("SKIPPED: python3-icalendar is not installed (scripts/install-deps.sh installs it)")
    sys.exit(0)

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def features(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def expected(layers):
    want = {}
    for f in features(os.path.join(layers, "meetings.geojson")):
        p = f["properties"]
        if not p.get("town") or f["geometry"] is None or p.get("attendance") == "online":
            continue
        want.setdefault(slug(p["town"]), []).append((p["weekday"], p["start"][:5], p["end"][:5], p["name"]))
    for f in features(os.path.join(layers, "assets.geojson")):
        p = f["properties"]
        for s in (p.get("sessions") or "").split(";"):
            s = s.strip()
            if not s:
                continue
            day, times = s.split(" ", 1)
            start, end = times.split("-")
            want.setdefault(slug(p["town"]), []).append((day[:3], start, end, p["name"]))
    return want


def main():
    out, layers = sys.argv[1], sys.argv[2]
    want = expected(layers)
    folder = os.path.join(out, "calendars")
    files = sorted(os.listdir(folder))
    problems = []
    if sorted(t + ".ics" for t in want) != files:
        problems.append("calendar files %s, expected %s" % (files, sorted(t + ".ics" for t in want)))
    events_seen = 0
    for name in files:
        town = name[:-4]
        with open(os.path.join(folder, name), "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
            problems.append("%s: no VERSION 2.0 / PRODID" % name)
        got = []
        uids = set()
        for ev in cal.walk("VEVENT"):
            events_seen += 1
            start = ev.decoded("DTSTART")
            end = ev.decoded("DTEND")
            rule = ev.get("RRULE")
            uid = str(ev.get("UID"))
            if uid in uids:
                problems.append("%s: UID %s twice" % (name, uid))
            uids.add(uid)
            if start.tzinfo is not None:
                problems.append("%s: %s is not a floating local time" % (name, uid))
            if rule.get("FREQ") != ["WEEKLY"] or rule.get("BYDAY") != [BYDAY[start.weekday()]]:
                problems.append("%s: %s RRULE %s does not repeat weekly on its start's day %s"
                                % (name, uid, rule.to_ical().decode(), DAYS[start.weekday()]))
            if not ev.get("DTSTAMP"):
                problems.append("%s: %s has no DTSTAMP" % (name, uid))
            summary = str(ev.get("SUMMARY"))
            got.append((DAYS[start.weekday()], start.strftime("%H:%M"), end.strftime("%H:%M"), summary))
        for day, start, end, what in want.get(town, []):
            if not any(g[0] == day and g[1] == start and g[2] == end and what in g[3] for g in got):
                problems.append("%s: no event for %s %s %s-%s (got %s)" % (name, what, day, start, end, got))
        if len(got) != len(want.get(town, [])):
            problems.append("%s: %d events, expected %d" % (name, len(got), len(want.get(town, []))))
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print("calendars ok: %d files, %d events" % (len(files), events_seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
