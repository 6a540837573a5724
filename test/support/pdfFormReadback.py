# Reads a PDF form's field values with pypdf (Debian's python3-pypdf), a reader
# independent of ours: prints {"fields": {name: value}} as JSON, where a checkbox or radio
# value is its state name without the slash ("/Yes" -> "Yes", "/Off" -> "Off"), a list
# is a list of strings, and a field without a value is null. Also counts the pages'
# widget annotations, so a flattened form shows 0.
import json
import sys

from pypdf import PdfReader


def plain(v):
    if v is None:
        return None
    if isinstance(v, list):
        return [plain(x) for x in v]
    s = str(v)
    return s[1:] if s.startswith("/") else s


reader = PdfReader(sys.argv[1])
fields = reader.get_fields() or {}


def value(f):
    v = plain(f.get("/V"))
    # A radio group with /Opt names its states by index into /Opt (PDF 1.5, 12.7.4.2.4).
    opt = f.get("/Opt")
    if opt is not None and f.get("/FT") == "/Btn" and isinstance(v, str) and v.isdigit() and int(v) < len(opt):
        return str(opt[int(v)])
    return v


out = {name: value(f) for name, f in fields.items() if f.get("/FT") is not None}
widgets = 0
for page in reader.pages:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else []
    for a in annots:
        if a.get_object().get("/Subtype") == "/Widget":
            widgets += 1
print(json.dumps({"fields": out, "widgets": widgets, "pages": len(reader.pages)}))
