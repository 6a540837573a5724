#!/usr/bin/python3
# Reads Word documents with LibreOffice (an independent reader) through python3-uno:
# for each job {"file", "mode": "none"|"accept"|"reject"} it loads the file, accepts or
# rejects all tracked changes when asked, and reports the text (LibreOffice's own plain
# text export), the tracked changes left (author, type) and the comments (author, text).
# Usage: loInspect.py PROFILE_DIR < jobs.json > results.json
import json
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    profile = sys.argv[1]
    jobs = json.load(sys.stdin)
    pipe = "cowork_lo_%d" % os.getpid()
    user = "-env:UserInstallation=" + uno.systemPathToFileUrl(profile)
    work = tempfile.mkdtemp(prefix="lo-inspect-")
    try:
        # Private copies (LibreOffice leaves lock files next to what it opens), one
        # with its comments, one without (see without_comments).
        for n, job in enumerate(jobs):
            job["copy"] = os.path.join(work, "job%d.docx" % n)
            shutil.copyfile(job["file"], job["copy"])
            job["plain"] = os.path.join(work, "plain%d.docx" % n)
            without_comments(job["copy"], job["plain"])
        # The first start of a fresh profile restarts soffice (which would drop a UNO
        # bridge); the flat-ODF conversion of every file does that start.
        subprocess.run(["soffice", user, "--headless", "--convert-to", "fodt", "--outdir", work] + [j["copy"] for j in jobs],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        for job in jobs:
            job["comments"] = flat_odf_comments(job["copy"][:-5] + ".fodt")
        results = run_office(user, pipe, jobs)
        json.dump(results, sys.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_office(user, pipe, jobs):
    office = subprocess.Popen(
        ["soffice", user, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(300):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if office.poll() is not None:
                    raise SystemExit("soffice exited with %s before accepting connections" % office.returncode)
                time.sleep(0.1)
        if ctx is None:
            raise SystemExit("soffice did not accept a connection within 30 s")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        results = [inspect(desktop, dispatcher, job) for job in jobs]
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge drops when soffice quits
        return results
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


def without_comments(src, dst):
    # LibreOffice 7.4 headless aborts (NoSuchElementException) when it lays out a
    # view of a document with comments, which accepting or rejecting changes needs.
    # The copy it opens lacks the comment marks (they carry no text); the comments
    # themselves are read from a flat-ODF conversion, which needs no view.
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml") and not info.filename.startswith("word/comments"):
                xml = data.decode("utf-8")
                xml = re.sub(r"<w:commentRange(Start|End)\b[^>]*/>", "", xml)
                xml = re.sub(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:commentReference\b[^>]*/></w:r>", "", xml)
                xml = re.sub(r"<w:commentReference\b[^>]*/>", "", xml)
                data = xml.encode("utf-8")
            zout.writestr(info, data)


def flat_odf_comments(fodt):
    if not os.path.exists(fodt):
        return None
    with open(fodt, encoding="utf-8") as fh:
        xml = fh.read()
    out = []
    for m in re.finditer(r"<office:annotation(?:\s[^>]*)?>(.*?)</office:annotation>", xml, re.S):
        body = m.group(1)
        author = re.search(r"<dc:creator>(.*?)</dc:creator>", body, re.S)
        paras = re.findall(r"<text:p(?:\s[^>]*)?>(.*?)</text:p>", body, re.S)
        text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paras)
        out.append({"author": html.unescape(author.group(1)) if author else "", "content": text})
    return out


def inspect(desktop, dispatcher, job):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["plain"]), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        return {"file": job["file"], "error": "LibreOffice could not open the file"}
    try:
        mode = job.get("mode", "none")
        if mode in ("accept", "reject"):
            frame = doc.getCurrentController().getFrame()
            command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(frame, command, "", 0, ())
        redlines = []
        # From the text portions: the document's Redlines collection crashes LibreOffice 7.4 headless.
        collect_redlines(doc.getText(), redlines)
        out = job["plain"][:-5] + "-" + mode + ".txt"
        doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
        with open(out, encoding="utf-8-sig") as fh:
            text = fh.read()
        return {"file": job["file"], "mode": mode, "text": text, "redlines": redlines, "comments": job["comments"]}
    finally:
        doc.close(True)


def collect_redlines(text, out):
    for para in enum(text):
        if para.supportsService("com.sun.star.text.TextTable"):
            for name in para.getCellNames():
                collect_redlines(para.getCellByName(name).getText(), out)
            continue
        for portion in enum(para):
            if portion.TextPortionType == "Redline" and portion.IsStart:
                out.append({"author": portion.RedlineAuthor, "type": portion.RedlineType})


def enum(container):
    out = []
    e = container.createEnumeration()
    while e.hasMoreElements():
        out.append(e.nextElement())
    return out


if __name__ == "__main__":
    main()
