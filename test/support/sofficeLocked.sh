#!/bin/sh
# soffice under /work/coord/heavy.lock when it exists (the machine rule for LibreOffice
# batches), for tests that run LibreOffice through the engine's own runner.
if [ -e /work/coord/heavy.lock ] && [ -z "$COWORK_HEAVY_LOCK_HELD" ]; then exec flock /work/coord/heavy.lock soffice "$@"; fi
exec soffice "$@"
