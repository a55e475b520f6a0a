#!/bin/sh
# Initialises the working directory from the committed lock file, never changing it: a provider
# package whose hash the lock file does not list is refused. The backend settings come from
# backend.hcl (or the file named by APONO_BACKEND_CONFIG).
set -eu
if [ ! -f .terraform.lock.hcl ]; then
  echo "init: .terraform.lock.hcl is missing: run scripts/lock-providers.sh once and commit it (README.md, First-time setup)" >&2
  exit 1
fi
terraform init -input=false -lockfile=readonly -backend-config="${APONO_BACKEND_CONFIG:-backend.hcl}"
