#!/bin/sh
# soffice under the lock file named by COWORK_HEAVY_LOCK when it is set and exists (a
# machine rule for LibreOffice batches), for tests that run LibreOffice through the
# engine's own runner.
if [ -n "$COWORK_HEAVY_LOCK" ] && [ -e "$COWORK_HEAVY_LOCK" ] && [ -z "$COWORK_HEAVY_LOCK_HELD" ]; then exec flock "$COWORK_HEAVY_LOCK" soffice "$@"; fi
exec soffice "$@"
