#!/bin/sh
# Applies exactly the reviewed plan. If the state changed since that plan was made (another apply
# ran first), Terraform refuses it ("Saved plan is stale") and changes nothing.
set -eu
terraform apply -input=false -lock-timeout=5m plan.out
