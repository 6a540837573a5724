#!/usr/bin/python3
# The LibreOffice side of the DOCX accept-all benchmark: starts a headless soffice with
# its own profile, opens IN.docx, accepts every tracked change (the same dispatch as
# Edit > Track Changes > Accept All) and saves OUT.docx as Word 2007-365, then quits.
# Prints {"load": s, "accept": s, "store": s} (seconds inside LibreOffice) on stdout.
# Usage: /usr/bin/python3 bench/loAcceptAll.py IN.docx OUT.docx
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    src, dst = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    profile = tempfile.mkdtemp(prefix="lo-bench-")
    pipe = "cowork_bench_%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=open(os.environ.get("LO_LOG", os.devnull), "w"))
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.05)
        if ctx is None:
            raise SystemExit("soffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        t0 = time.monotonic()
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                           (prop("Hidden", True), prop("FilterName", "MS Word 2007 XML")))
        t1 = time.monotonic()
        if doc is None:
            raise SystemExit("LibreOffice could not open %s after %.1f s (soffice %s)" % (
                src, t1 - t0, "exited with %s" % office.poll() if office.poll() is not None else "still running"))
        dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges", "", 0, ())
        t2 = time.monotonic()
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Word 2007 XML"),))
        t3 = time.monotonic()
        doc.close(True)
        print(json.dumps({"load": t1 - t0, "accept": t2 - t1, "store": t3 - t2}))
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
