# A small Apono directory: three invited users and two groups.
# The provider reads APONO_ENDPOINT and APONO_PERSONAL_TOKEN from the environment
# (`npm run demo` points them at a local apono-sandbox).
terraform {
  required_providers {
    apono = {
      source = "terraform.local/apono/apono"
    }
  }
}

provider "apono" {
  max_retries = 5
}

resource "apono_user" "ada" {
  email     = "ada@example.com"
  full_name = "Ada Lovelace"
  role      = "Admin"
}

resource "apono_user" "grace" {
  email        = "grace@example.com"
  full_name    = "Grace Hopper"
  phone_number = "+1 415 555 0100"
}

resource "apono_user" "alan" {
  email     = "alan@example.com"
  full_name = "Alan Turing"
  # Destroying this resource only removes it from the state; the user stays in Apono.
  keep_on_destroy = true
}

resource "apono_group" "engineering" {
  name    = "engineering"
  members = [apono_user.ada.email, apono_user.grace.email]
}

resource "apono_group" "oncall" {
  name    = "oncall"
  members = [apono_user.alan.email, apono_user.grace.email]
}

data "apono_users" "admins" {
  role       = "Admin"
  depends_on = [apono_user.ada]
}

output "admins" {
  value = [for user in data.apono_users.admins.users : user.email]
}

output "engineering_group_id" {
  value = apono_group.engineering.id
}
