data "apono_users" "admins" {
  role = "Admin"
}

output "admin_emails" {
  value = data.apono_users.admins.users[*].email
}
