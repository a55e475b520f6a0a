# Groups whose name starts with "team-", with their members.
data "apono_groups" "teams" {
  name            = "team-*"
  include_members = true
}

output "team_names" {
  value = data.apono_groups.teams.groups[*].name
}
