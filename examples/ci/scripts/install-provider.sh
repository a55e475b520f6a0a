#!/bin/sh
# Checks the downloaded release zips against the release's SHA256SUMS, puts them into a filesystem
# mirror (packed layout: Terraform unpacks the zip itself) and writes a Terraform CLI configuration
# that installs terraform.local/apono/apono from that mirror only. On a GitHub runner it exports
# TF_CLI_CONFIG_FILE to the next steps; elsewhere it prints the line to run.
set -eu
. "$(dirname "$0")/common.sh"

target=$PROVIDER_MIRROR/$PROVIDER_SOURCE
mkdir -p "$target"
for platform in $(provider_platforms); do
  zip=$(provider_zip "$platform")
  # The line of the SHA256SUMS that names this zip, and the zip must match it.
  line=$(awk -v name="$zip" '$2 == name' "$PROVIDER_DOWNLOADS/$PROVIDER_SUMS")
  if [ -z "$line" ]; then
    echo "install-provider: $PROVIDER_SUMS lists no $zip" >&2
    exit 1
  fi
  (cd "$PROVIDER_DOWNLOADS" && echo "$line" | sha256_check)
  cp "$PROVIDER_DOWNLOADS/$zip" "$target/$zip"
done

config=$PROVIDER_HOME/terraform.tfrc
cat >"$config" <<HCL
provider_installation {
  filesystem_mirror {
    path    = "$PROVIDER_MIRROR"
    include = ["$PROVIDER_SOURCE"]
  }
  direct {
    exclude = ["$PROVIDER_SOURCE"]
  }
}
HCL
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "TF_CLI_CONFIG_FILE=$config" >>"$GITHUB_ENV"
else
  echo "export TF_CLI_CONFIG_FILE=$config"
fi
