# A membership is imported as "<group id>/<email>".
terraform import apono_group_member.linus_oncall "$GROUP_ID/linus.torvalds@example.com"
