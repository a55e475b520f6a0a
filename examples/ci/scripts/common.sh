# Sourced by the other scripts: where the provider release is downloaded and installed, and the
# names of its files. Settings (environment variables):
#   APONO_PROVIDER_VERSION    the provider release to use (required), e.g. 0.1.0
#   APONO_PROVIDER_PLATFORMS  Terraform platforms to download and lock (default: this machine's
#                             and linux_amd64, the platform of GitHub's ubuntu runners)
#   APONO_PROVIDER_HOME       working folder (default: $RUNNER_TEMP/apono-provider on a runner)

: "${APONO_PROVIDER_VERSION:?set APONO_PROVIDER_VERSION to the provider release to use, e.g. 0.1.0}"

PROVIDER_SOURCE=terraform.local/apono/apono
PROVIDER_HOME=${APONO_PROVIDER_HOME:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/apono-provider}
# The release files as downloaded, then the filesystem mirror (packed layout) Terraform installs from.
PROVIDER_DOWNLOADS=$PROVIDER_HOME/downloads
PROVIDER_MIRROR=$PROVIDER_HOME/mirror
PROVIDER_SUMS=terraform-provider-apono_${APONO_PROVIDER_VERSION}_SHA256SUMS

# Terraform's name of this machine's platform, e.g. linux_amd64.
this_platform() {
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
  esac
  echo "${os}_${arch}"
}

# The platforms to download and lock, one a line.
provider_platforms() {
  if [ -n "${APONO_PROVIDER_PLATFORMS:-}" ]; then
    printf '%s\n' $APONO_PROVIDER_PLATFORMS
  else
    printf '%s\n' "$(this_platform)" linux_amd64 | sort -u
  fi
}

# Checks `<sha256>  <file>` lines from stdin against the files in the current folder.
sha256_check() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum -c -; else shasum -a 256 -c -; fi
}

# The release zip of one platform.
provider_zip() {
  echo "terraform-provider-apono_${APONO_PROVIDER_VERSION}_$1.zip"
}

# The provider executable `terraform init` unpacked (checked against .terraform.lock.hcl), which
# also runs the `report` command.
provider_executable() {
  echo ".terraform/providers/$PROVIDER_SOURCE/$APONO_PROVIDER_VERSION/$(this_platform)/terraform-provider-apono_v$APONO_PROVIDER_VERSION"
}
