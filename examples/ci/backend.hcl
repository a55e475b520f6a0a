# Settings of the backend block in main.tf, passed to `terraform init -backend-config=backend.hcl`
# by scripts/init.sh. Replace them with your backend's (bucket, key, region, ...).
path = "terraform.tfstate"
