#!/bin/sh
# Downloads the provider's release zips and SHA256SUMS from the GitHub release
# v$APONO_PROVIDER_VERSION of the repository $APONO_PROVIDER_REPO (owner/name), with the GitHub CLI
# (GH_TOKEN must be able to read that repository). Replace this script if your releases live
# elsewhere: install-provider.sh only needs the files in $PROVIDER_DOWNLOADS.
set -eu
. "$(dirname "$0")/common.sh"
: "${APONO_PROVIDER_REPO:?set APONO_PROVIDER_REPO to the repository whose releases hold the provider, e.g. acme/terraform-provider-apono}"

mkdir -p "$PROVIDER_DOWNLOADS"
set -- --pattern "$PROVIDER_SUMS"
for platform in $(provider_platforms); do
  set -- "$@" --pattern "$(provider_zip "$platform")"
done
gh release download "v$APONO_PROVIDER_VERSION" --repo "$APONO_PROVIDER_REPO" --dir "$PROVIDER_DOWNLOADS" --clobber "$@"
