#!/bin/sh
# Plans the change into plan.out (the file the merge job applies), writes it as JSON, and writes
# the review of its identity changes as markdown to report.md (the pull-request comment).
set -eu
. "$(dirname "$0")/common.sh"

terraform plan -input=false -lock-timeout=5m -out=plan.out
terraform show -json plan.out >plan.json
"$(provider_executable)" report --format markdown plan.json >report.md
