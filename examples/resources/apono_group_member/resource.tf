resource "apono_group" "oncall" {
  name = "on-call"
  # No `members` here: the group's membership is managed one apono_group_member at a time.
}

resource "apono_user" "linus" {
  email     = "linus.torvalds@example.com"
  full_name = "Linus Torvalds"
}

resource "apono_group_member" "linus_oncall" {
  group_id = apono_group.oncall.id
  email    = apono_user.linus.email
}
