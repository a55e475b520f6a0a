resource "apono_user" "ada" {
  email        = "ada.lovelace@example.com"
  full_name    = "Ada Lovelace"
  role         = "Admin"
  phone_number = "+44 20 7946 0958"
}
