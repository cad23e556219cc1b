#!/usr/bin/env bash
# The diagnose step of action.yml: run the build (input `run`) or take a saved log (input `log`), then
# annotations and the step summary (--format github), the JSON report and SARIF, and the step's exit code
# by fail-on. Inputs come as CUDAFIX_* environment variables, never pasted into this script's text.
set -uo pipefail

cudafix() { node "$GITHUB_ACTION_PATH/bin/cudafix.js" "$@"; }
# A workflow command's data: % CR LF escaped as GitHub reads them.
escape() { local s=${1//%/%25}; s=${s//$'\r'/%0D}; printf '%s' "${s//$'\n'/%0A}"; }
die() { echo "::error title=cudafix::$(escape "$1")"; exit 2; }
tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"

case "${CUDAFIX_FAIL_ON:-fatal}" in fatal | error | never) ;; *) die "fail-on must be fatal, error or never, not '${CUDAFIX_FAIL_ON}'" ;; esac
fail_on="${CUDAFIX_FAIL_ON:-fatal}"
opts=()
[ "${CUDAFIX_VERIFY:-true}" = "false" ] && opts+=(--no-verify)

build_code=""
if [ -n "${CUDAFIX_RUN:-}" ]; then
  log="${CUDAFIX_LOG:-$tmp/cudafix-build.log}"
  # The build's output shows live in the job log and is saved for the diagnosis.
  bash -c "$CUDAFIX_RUN" 2>&1 | tee "$log"
  build_code=${PIPESTATUS[0]}
  echo "build-exit-code=$build_code" >> "$GITHUB_OUTPUT"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    if [ "$build_code" = 0 ]; then echo "The build succeeded (exit 0)." >> "$GITHUB_STEP_SUMMARY"
    else echo "**The build failed** (exit $build_code)." >> "$GITHUB_STEP_SUMMARY"; fi
    echo >> "$GITHUB_STEP_SUMMARY"
  fi
elif [ -n "${CUDAFIX_LOG:-}" ]; then
  log="$CUDAFIX_LOG"
  [ -f "$log" ] || die "no such log file: $log (working directory $(pwd))"
else
  die "give the action a log (a file) or run (a build command)"
fi

# The JSON report, for the outputs (and for later steps: outputs.report).
report="$tmp/cudafix-report.json"
cudafix --json --fail-on never ${opts[@]+"${opts[@]}"} "$log" > "$report"
[ $? -eq 2 ] && die "cudafix could not read $log"
field() { node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(String((r.rootCause && r.rootCause[process.argv[2]]) || "").replace(/[\r\n]+/g, " "))' "$report" "$1"; }
{
  echo "report=$report"
  echo "root-cause=$(field id)"
  echo "title=$(field title)"
} >> "$GITHUB_OUTPUT"

# Annotations on stdout, the Markdown report appended to the step summary.
harmless=()
[ "${CUDAFIX_ANNOTATE_HARMLESS:-false}" = "true" ] && harmless=(--annotate-harmless)
cudafix --format github --fail-on "$fail_on" ${opts[@]+"${opts[@]}"} ${harmless[@]+"${harmless[@]}"} "$log"
diag=$?

if [ -n "${CUDAFIX_SARIF:-}" ]; then
  docs=()
  [ -n "${CUDAFIX_DOCS_URL:-}" ] && docs=(--docs-url "$CUDAFIX_DOCS_URL")
  cudafix --format sarif --fail-on never --no-verify ${docs[@]+"${docs[@]}"} "$log" > "$CUDAFIX_SARIF" || die "cannot write SARIF to $CUDAFIX_SARIF"
  echo "sarif=$CUDAFIX_SARIF" >> "$GITHUB_OUTPUT"
fi

[ "$diag" -eq 2 ] && exit 2
# A failed build fails the step, whatever its log shows, unless fail-on is never.
if [ -n "$build_code" ] && [ "$build_code" != 0 ] && [ "$fail_on" != never ]; then exit "$build_code"; fi
exit "$diag"
