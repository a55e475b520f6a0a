#!/bin/sh
# The policy gate: fails (exit 1, one line per reason) when the plan holds a change of a kind
# listed in APONO_FAIL_ON, e.g. admin-grant,user-delete. The review is printed as text for the log.
set -eu
. "$(dirname "$0")/common.sh"
: "${APONO_FAIL_ON:?set APONO_FAIL_ON to the kinds of change that need another approval, e.g. admin-grant,user-delete}"

"$(provider_executable)" report --format text --fail-on "$APONO_FAIL_ON" plan.json
