# A group is imported by name or by id.
terraform import apono_group.engineering engineering
