# The identities of one Apono tenant, reviewed in pull requests and applied on merge by
# .github/workflows/identities.yml (see README.md).
terraform {
  required_version = ">= 1.11.0"

  required_providers {
    apono = {
      source  = "terraform.local/apono/apono"
      version = "0.1.0"
    }
  }

  # Replace with a remote backend that locks the state (s3, gcs, azurerm, HCP Terraform, ...):
  # every job of the workflow runs on a fresh runner. The settings come from backend.hcl.
  backend "local" {}
}

# The endpoint and the token come from APONO_ENDPOINT and APONO_PERSONAL_TOKEN (repository secrets).
provider "apono" {}

resource "apono_user" "ada" {
  email     = "ada@example.com"
  full_name = "Ada Lovelace"
  role      = "Grantee"
}

resource "apono_user" "grace" {
  email     = "grace@example.com"
  full_name = "Grace Hopper"
  role      = "Grantee"
}

resource "apono_group" "platform" {
  name    = "platform"
  members = [apono_user.ada.email, apono_user.grace.email]
}
