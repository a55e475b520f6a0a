resource "apono_user" "grace" {
  email     = "grace.hopper@example.com"
  full_name = "Grace Hopper"
}

resource "apono_group" "engineering" {
  name = "engineering"
  # Authoritative: members not listed are removed. Omit it to leave the membership alone.
  members = [apono_user.grace.email]
}
