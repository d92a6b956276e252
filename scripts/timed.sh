#!/usr/bin/env bash
# timed.sh NAME COMMAND...: runs COMMAND; when SUITE_TIMES names a file, appends one line
# "NAME <seconds>s <ok|failed>" to it, so that .ci/run can print every suite's time at the end.
set -u
name=$1
shift
start=$(date +%s)
"$@"
rc=$?
if [ -n "${SUITE_TIMES:-}" ]; then
  status=ok
  [ $rc -eq 0 ] || status="failed ($rc)"
  printf '%-12s %5ss  %s\n' "$name" "$(( $(date +%s) - start ))" "$status" >>"$SUITE_TIMES"
fi
exit $rc
