#!/usr/bin/python3
# The python-docx side of the DOCX text benchmark: prints the text of every body
# paragraph and table cell, as a script using Debian's python3-docx would.
# Usage: /usr/bin/python3 bench/pythonDocxText.py FILE.docx
import sys

import docx

d = docx.Document(sys.argv[1])
out = []
for p in d.paragraphs:
    out.append(p.text)
for t in d.tables:
    for row in t.rows:
        out.append(" | ".join(c.text for c in row.cells))
sys.stdout.write("\n".join(out) + "\n")
