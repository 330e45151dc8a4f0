#!/usr/bin/env bash
# Looks at roisc directory's calendars in a calendar program: runs `roisc directory` on the embedded
# default, loads every town's .ics into FullCalendar (week view, recurrence expanded by ical.js,
# both from npm, never part of roisc or its tests) in headless Chromium, and screenshots a week.
#   bash scripts/check_calendar.sh [WEEK_START]        # e.g. 2026-12-07; PNG at $PNG (default /tmp/calendar_week.png)
# Env: ROISC (default build/roisc), PNG, WORK (default a new temporary folder; node_modules cached there).
set -euo pipefail
cd "$(dirname "$0")/.."
roisc=$(realpath "${ROISC:-build/roisc}")
week=${1:-2026-12-07}
png=${PNG:-/tmp/calendar_week.png}
work=${WORK:-$(mktemp -d)}
cp scripts/calendar_view/view.html "$work/"
(cd "$work" && [ -d node_modules/@fullcalendar/icalendar ] || npm install --silent --no-audit --no-fund \
  @fullcalendar/core@6 @fullcalendar/daygrid@6 @fullcalendar/timegrid@6 @fullcalendar/icalendar@6 ical.js@1)
rm -rf "$work/dir"
"$roisc" directory --out "$work/dir" >/dev/null
cp "$work"/dir/calendars/*.ics "$work/"
port=$((20000 + RANDOM % 20000))
(cd "$work" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) & server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 1
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,800 \
  --virtual-time-budget=8000 --screenshot="$png" "http://127.0.0.1:$port/view.html?d=$week" 2>/dev/null
echo "calendars: $(ls "$work"/dir/calendars | tr '\n' ' ')"
echo "week of $week: $png"
