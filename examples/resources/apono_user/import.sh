# A user is imported by email (any case, or one of her aliases) or by id.
terraform import apono_user.ada ada.lovelace@example.com
