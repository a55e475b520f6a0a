# Any user of the tenant, users synced from an identity provider included.
data "apono_user" "margaret" {
  email = "margaret.hamilton@example.com"
}

output "margaret_department" {
  value = lookup(data.apono_user.margaret.attributes, "department", "none")
}
