#!/usr/bin/python3
"""Opens a roisc report.html in headless Chromium, with the network disabled, and checks it as a
reader would see it, through the Chrome DevTools protocol (python3-websocket):

* no request leaves the page (every request is the page itself or inline data), no console error,
  no uncaught exception, no Content-Security-Policy violation;
* the map is drawn: its area holds non-background pixels, and the legend (the layer switcher with
  its symbols) is there;
* switching a layer off with the keyboard (focus its checkbox, press space) takes it off the map:
  fewer shapes drawn, and different pixels in the map area;
* every map of the page (one per gathered query) is drawn, and the print stylesheet applies;
* a screenshot of the page is saved (--screenshot; -switched.png after the switch, -print.png as
  printed) for a person to look at.

Usage: check_report.py --chromium PATH --report report.html --screenshot out.png [--layer NAME]
Exit 0 when every check passes, 1 when one fails (each failure printed), 2 when the browser cannot
be driven.
"""
import argparse
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

import websocket  # python3-websocket


# ------------------------------------------------------------------------------------------------
# A small PNG reader: Chromium's screenshots are 8-bit RGB or RGBA, not interlaced.

def read_png(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError("unsupported PNG (depth %d, colour %d, interlace %d)" % (depth, colour, interlace))
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def pixels(png):
    w, h, ch, rows = read_png(png)
    return w, h, [tuple(r[x * ch:x * ch + 3]) for r in rows for x in range(w)]


# ------------------------------------------------------------------------------------------------

class Browser:
    def __init__(self, chromium, profile):
        args = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                # The network disabled: every host name fails to resolve.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1280,1400", "about:blank"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("chromium did not start (no DevToolsActivePort)")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=30))
        page = [t for t in targets if t.get("type") == "page"][0]
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("evaluating %s: %s" % (expression, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait_for(self, expression, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.2)
        return False

    def screenshot(self, clip=None):
        params = {"format": "png", "captureBeyondViewport": False}
        if clip:
            params["clip"] = dict(clip, scale=1)
        return base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--layer", default="", help="data-layer of the checkbox to switch off (default: the top layer)")
    ap.add_argument("--hostile", action="store_true",
                    help="the data holds markup in its names: hover every marker and area, and check none became markup")
    args = ap.parse_args()
    report = os.path.abspath(args.report)
    url = "file://" + report
    failures = []

    def check(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    profile = tempfile.mkdtemp(prefix="roisc-chromium-")
    browser = None
    try:
        browser = Browser(args.chromium, profile)
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable")
        browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=1400, deviceScaleFactor=1, mobile=False)
        browser.call("Page.navigate", url=url)
        ready = browser.wait_for("!!document.querySelector('.map[data-ready]')", 60)
        check(ready, "the page's script ran and drew the map (data-ready set)")
        time.sleep(1.0)  # let Leaflet finish its first frame

        maps = browser.evaluate("Array.prototype.map.call(document.querySelectorAll('.map'), function (m) {"
                                "return m.hasAttribute('data-ready') ? m.querySelectorAll('.leaflet-overlay-pane path, "
                                ".leaflet-marker-pane .roisc-icon').length : -1; })")
        check(maps and all(n > 0 for n in maps), "every map of the page is drawn (shapes per map: %s)" % maps)
        box = browser.evaluate("(function(){var r=document.getElementById('map-0').getBoundingClientRect();"
                               "return {x:r.left+window.scrollX,y:r.top+window.scrollY,width:r.width,height:r.height};})()")
        check(box and box["width"] > 200 and box["height"] > 200, "the map area is on the page (%s)" % box)
        drawn_before = browser.evaluate("document.querySelectorAll('#map-0 .leaflet-overlay-pane path, "
                                        "#map-0 .leaflet-marker-pane .roisc-icon').length")
        check(drawn_before > 0, "the map draws shapes and markers (%d)" % drawn_before)
        legend = browser.evaluate("(function(){var f=document.querySelector('fieldset.layers');"
                                  "if(!f) return null; return {boxes: f.querySelectorAll('input[type=checkbox]').length,"
                                  "labelled: f.querySelectorAll('label input[type=checkbox]').length,"
                                  "symbols: f.querySelectorAll('svg.sym').length, text: f.innerText};})()")
        check(bool(legend) and legend["boxes"] >= 3 and legend["boxes"] == legend["labelled"] and legend["symbols"] >= legend["boxes"],
              "the legend lists the layers with a labelled checkbox and a symbol each (%s)"
              % (legend and {k: legend[k] for k in ("boxes", "labelled", "symbols")}))

        full = browser.screenshot()
        with open(args.screenshot, "wb") as f:
            f.write(full)
        clip = {k: box[k] for k in ("x", "y", "width", "height")}
        w, h, before = pixels(browser.screenshot(clip))
        background = {(255, 255, 255)}
        inked = sum(1 for p in before if p not in background)
        check(inked > 0.02 * w * h, "the map area is drawn: %d of %d pixels are not background" % (inked, w * h))
        lbox = browser.evaluate("(function(){var r=document.querySelector('fieldset.layers').getBoundingClientRect();"
                                "return {x:r.left+window.scrollX,y:r.top+window.scrollY,width:r.width,height:r.height};})()")
        lw, lh, lpix = pixels(browser.screenshot(lbox))
        colours = {p for p in lpix if p not in background}
        check(len(colours) > 10, "the legend is drawn in colour (%d colours)" % len(colours))

        # Switch a layer off with the keyboard.
        name = args.layer or browser.evaluate("document.querySelector('fieldset.layers input').getAttribute('data-layer')")
        selector = "fieldset.layers input[data-layer=\"%s\"]" % name
        check(browser.evaluate("!!document.querySelector('%s') && document.querySelector('%s').checked" % (selector, selector)),
              "the layer %s is switched on" % name)
        browser.evaluate("document.querySelector('%s').focus()" % selector)
        for kind in ("keyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", type=kind, key=" ", code="Space", windowsVirtualKeyCode=32,
                         nativeVirtualKeyCode=32, text=" " if kind == "keyDown" else "")
        time.sleep(0.5)
        check(browser.evaluate("!document.querySelector('%s').checked" % selector), "space switched the checkbox off")
        drawn_after = browser.evaluate("document.querySelectorAll('#map-0 .leaflet-overlay-pane path, "
                                       "#map-0 .leaflet-marker-pane .roisc-icon').length")
        check(drawn_after < drawn_before, "switching %s off took it off the map (%d shapes, then %d)" % (name, drawn_before, drawn_after))
        _, _, after = pixels(browser.screenshot(clip))
        changed = sum(1 for a, b in zip(before, after) if a != b)
        check(changed > 50, "the map area changed: %d pixels differ" % changed)
        with open(os.path.splitext(args.screenshot)[0] + "-switched.png", "wb") as f:
            f.write(browser.screenshot())

        # A popup opens on a feature, built from its published fields.
        opened = browser.evaluate("(function(){var m=document.querySelector('#map-0 .leaflet-marker-pane .roisc-icon');"
                                  "if(!m) return null; m.click(); var p=document.querySelector('#map-0 .leaflet-popup-content table');"
                                  "return p ? p.rows.length : 0;})()")
        check(opened is None or opened > 1, "a marker's popup lists its fields (%s rows)" % opened)
        # A table sorts when its heading is pressed.
        sorted_ok = browser.evaluate("(function(){var t=document.querySelector('table.sortable'); if(!t) return false;"
                                     "var b=t.tHead.rows[0].cells[0].querySelector('button'); b.click();"
                                     "return t.tHead.rows[0].cells[0].getAttribute('aria-sort')==='ascending';})()")
        check(sorted_ok, "a table sorts when its heading is pressed")

        if args.hostile:
            # Every tooltip and popup opened: text from the data must stay text.
            browser.evaluate("(function(){var els=document.querySelectorAll('#map-0 .roisc-icon, #map-0 .leaflet-interactive');"
                             "Array.prototype.forEach.call(els, function(e){"
                             "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                             "e.dispatchEvent(new MouseEvent('click', {bubbles: true}));});})()")
            time.sleep(0.5)
            injected = browser.evaluate("document.querySelectorAll('img, .injected').length + "
                                        "(document.body.hasAttribute('data-pwned') ? 1000 : 0)")
            check(injected == 0, "markup in the data's names stayed text (%d elements made from it)" % injected)
            shown = browser.evaluate("document.body.innerText.indexOf('<img') >= 0 || "
                                     "document.querySelector('.leaflet-tooltip') !== null")
            check(shown, "the names were shown as text")

        # The print stylesheet: no zoom buttons on paper, the map kept whole.
        browser.call("Emulation.setEmulatedMedia", media="print")
        printed = browser.evaluate("(function(){var c=document.querySelector('.leaflet-control-container');"
                                   "return {controls: c ? getComputedStyle(c).display : 'none',"
                                   "map: getComputedStyle(document.getElementById('map-0').parentNode).breakInside};})()")
        check(printed["controls"] == "none" and printed["map"] == "avoid", "the print stylesheet applies (%s)" % printed)
        with open(os.path.splitext(args.screenshot)[0] + "-print.png", "wb") as f:
            f.write(browser.screenshot())
        browser.call("Emulation.setEmulatedMedia", media="")

        time.sleep(0.3)
        browser.call("Runtime.evaluate", expression="1")  # collect events still queued
        requests = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
        outside = [u for u in requests if u != url and not u.startswith("data:")]
        check(not outside, "no request beyond the page itself (%d requests; others: %s)" % (len(requests), outside[:5]))
        failed = [e["params"] for e in browser.events if e["method"] == "Network.loadingFailed"]
        check(not failed, "no failed load (%s)" % failed[:3])
        console = [e["params"] for e in browser.events
                   if e["method"] == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "warning", "assert")]
        exceptions = [e["params"]["exceptionDetails"] for e in browser.events if e["method"] == "Runtime.exceptionThrown"]
        logged = [e["params"]["entry"] for e in browser.events
                  if e["method"] == "Log.entryAdded" and e["params"]["entry"].get("level") in ("error", "warning")]
        check(not console, "no console error or warning (%s)" % [c.get("args") for c in console[:3]])
        check(not exceptions, "no uncaught exception (%s)" % exceptions[:2])
        check(not logged, "no browser error (security policy, network) (%s)" % [l.get("text") for l in logged[:3]])
    except Exception as e:  # the browser could not be driven
        print("ERROR driving chromium: %s" % e)
        return 2
    finally:
        if browser:
            browser.close()
        shutil.rmtree(profile, ignore_errors=True)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed; screenshot: %s" % args.screenshot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
