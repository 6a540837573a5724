#!/bin/sh
# Cowork's spreadsheet engine inside the sandbox: the `cowork doc` commands for
# workbooks and CSV (show, new, edit, recalc, validate, convert), bundled at
# /opt/cowork/cowork-doc.js.
#   sh /skills/xlsx/scripts/sheet.sh show /workspace/budget.xlsx --formulas
#   sh /skills/xlsx/scripts/sheet.sh recalc /workspace/report.xlsx -o /workspace/report.xlsx
ENGINE="${COWORK_DOC_ENGINE:-/opt/cowork/cowork-doc.js}"
if [ ! -f "$ENGINE" ]; then
  echo "sheet.sh: the document engine is missing ($ENGINE); this skill needs the Cowork sandbox" >&2
  exit 3
fi
if ! command -v node >/dev/null 2>&1; then
  echo "sheet.sh: node is not installed in this sandbox image" >&2
  exit 3
fi
exec node "$ENGINE" "$@"
