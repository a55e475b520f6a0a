terraform {
  required_providers {
    apono = {
      source = "terraform.local/apono/apono"
    }
  }
}

# The endpoint and the token usually come from APONO_ENDPOINT and APONO_PERSONAL_TOKEN, so no
# secret is written in the configuration.
provider "apono" {
  max_retries         = 5
  requests_per_second = 45
}
