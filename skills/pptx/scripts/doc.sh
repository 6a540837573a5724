#!/bin/sh
# Runs Cowork's document engine inside the sandbox: the same `cowork doc` the
# person has on their machine, bundled at /opt/cowork/cowork-doc.js.
#   sh /skills/pptx/scripts/doc.sh text /workspace/deck.pptx
#   sh /skills/docx/scripts/doc.sh --help
ENGINE="${COWORK_DOC_ENGINE:-/opt/cowork/cowork-doc.js}"
if [ ! -f "$ENGINE" ]; then
  echo "doc.sh: the document engine is missing ($ENGINE); this skill needs the Cowork sandbox" >&2
  exit 3
fi
if ! command -v node >/dev/null 2>&1; then
  echo "doc.sh: node is not installed in this sandbox image" >&2
  exit 3
fi
exec node "$ENGINE" "$@"
