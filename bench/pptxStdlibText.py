#!/usr/bin/python3
# The yardstick of the PPTX reader benchmark: the least a reader of a deck's text does,
# with nothing but Python's standard library. Slides in presentation order (p:sldIdLst
# through presentation.xml's relationships), then each paragraph's runs (a:t) of every
# shape, one line per paragraph. No ids, levels, bullets, tables, notes or layouts.
# Usage: /usr/bin/python3 bench/pptxStdlibText.py FILE.pptx
import posixpath
import sys
import xml.etree.ElementTree as ET
import zipfile

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

z = zipfile.ZipFile(sys.argv[1])
rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("ppt/_rels/presentation.xml.rels")).iter(REL + "Relationship")}
pres = ET.fromstring(z.read("ppt/presentation.xml"))
out = []
for n, sld in enumerate(pres.iter(P + "sldId"), 1):
    part = posixpath.normpath(posixpath.join("ppt", rels[sld.get(R + "id")]))
    out.append("=== Slide %d ===" % n)
    for para in ET.fromstring(z.read(part)).iter(A + "p"):
        text = "".join(t.text or "" for t in para.iter(A + "t"))
        if text:
            out.append(text)
sys.stdout.write("\n".join(out) + "\n")
