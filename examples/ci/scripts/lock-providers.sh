#!/bin/sh
# First-time setup, and after every provider upgrade: downloads and installs the release (as the
# workflow does), then writes .terraform.lock.hcl with the hashes of its packages for every platform
# of provider_platforms (common.sh). Commit the file: the workflow's `terraform init
# -lockfile=readonly` refuses any package whose hash it does not list.
set -eu
scripts=$(dirname "$0")
. "$scripts/common.sh"

"$scripts/download-provider.sh"
"$scripts/install-provider.sh" >/dev/null
set --
for platform in $(provider_platforms); do
  set -- "$@" "-platform=$platform"
done
terraform providers lock -fs-mirror="$PROVIDER_MIRROR" "$@"
