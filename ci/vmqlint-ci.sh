#!/usr/bin/env bash
# The steps of the vmqlint GitHub Action (action.yml) and Azure Pipelines template, kept in one
# script so they can be run and tested outside a CI runner (test/ci/action-script.test.ts).
#
#   vmqlint-ci.sh install   install and build vmqlint in its own folder (dist/ is not in git)
#   vmqlint-ci.sh lint      lint VMQLINT_PATH; write reports to VMQLINT_OUTPUT_DIR; never fails,
#                           records the exit code in VMQLINT_OUTPUT_DIR/exit-code (and $GITHUB_OUTPUT)
#   vmqlint-ci.sh gate      exit with the recorded code: 1 the gate failed, 2 vmqlint could not do its job
#
# Inputs (environment): VMQLINT_PATH (default .), VMQLINT_FORMATS (extra formats, comma-separated:
# json, junit, stylish; sarif, markdown and github are always written), VMQLINT_FAIL_ON (error),
# VMQLINT_BASELINE, VMQLINT_CONFIG, VMQLINT_OUTPUT_DIR (vmqlint-reports), VMQLINT_HOME (the vmqlint
# checkout; default the folder above this script), VMQLINT_ARGS (more lint arguments, split on spaces).
set -euo pipefail

home="${VMQLINT_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
out="${VMQLINT_OUTPUT_DIR:-vmqlint-reports}"

install() {
  cd "$home"
  npm ci --no-audit --no-fund
  # `prepare` builds on npm ci; build anyway when it did not (npm ci --ignore-scripts in a policy).
  [ -f dist/src/cli/main.js ] || npm run build
  node dist/src/cli/main.js --version
}

lint() {
  mkdir -p "$out"
  local args=(lint "${VMQLINT_PATH:-.}" --fail-on "${VMQLINT_FAIL_ON:-error}"
    --format "sarif=$out/vmqlint.sarif" --format "markdown=$out/vmqlint.md" --format github)
  local f
  IFS=',' read -r -a extra <<< "${VMQLINT_FORMATS:-}"
  for f in "${extra[@]}"; do
    f="${f// /}"
    case "$f" in
      ''|sarif|markdown|github) ;;
      json) args+=(--format "json=$out/vmqlint.json") ;;
      junit) args+=(--format "junit=$out/vmqlint.junit.xml") ;;
      stylish) args+=(--format "stylish=$out/vmqlint.txt") ;;
      *) echo "vmqlint-ci: unknown format '$f' (json, junit, stylish; sarif, markdown and github are always written)" >&2; echo 2 > "$out/exit-code"; return 0 ;;
    esac
  done
  [ -n "${VMQLINT_BASELINE:-}" ] && args+=(--baseline "$VMQLINT_BASELINE")
  [ -n "${VMQLINT_CONFIG:-}" ] && args+=(--config "$VMQLINT_CONFIG")
  # shellcheck disable=SC2206 # split on spaces on purpose: extra arguments as one input
  [ -n "${VMQLINT_ARGS:-}" ] && args+=($VMQLINT_ARGS)
  local code=0
  node "$home/dist/src/cli/main.js" "${args[@]}" || code=$?
  echo "$code" > "$out/exit-code"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    { echo "exit-code=$code"; echo "sarif=$out/vmqlint.sarif"; echo "markdown=$out/vmqlint.md"; } >> "$GITHUB_OUTPUT"
  fi
  # The job summary: the markdown report (live findings ordered errors first), or why there is none.
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    if [ -s "$out/vmqlint.md" ]; then cat "$out/vmqlint.md" >> "$GITHUB_STEP_SUMMARY"
    else echo "## :x: vmqlint could not lint \`${VMQLINT_PATH:-.}\` (exit $code); see the step log." >> "$GITHUB_STEP_SUMMARY"; fi
  fi
  return 0
}

gate() {
  local code
  code="$(cat "$out/exit-code" 2>/dev/null || echo 2)"
  case "$code" in
    0) echo "vmqlint: the gate passed" ;;
    1) echo "vmqlint: the gate failed (findings at or above --fail-on ${VMQLINT_FAIL_ON:-error}; see $out/vmqlint.md)" >&2 ;;
    *) echo "vmqlint: could not do its job (exit $code); see the lint step's log" >&2 ;;
  esac
  exit "$code"
}

case "${1:-}" in
  install) install ;;
  lint) lint ;;
  gate) gate ;;
  *) echo "usage: vmqlint-ci.sh install|lint|gate" >&2; exit 2 ;;
esac
