# Any group of the tenant, groups synced from an identity provider included.
data "apono_group" "platform" {
  name = "platform"
}

output "platform_members" {
  value = data.apono_group.platform.members
}
