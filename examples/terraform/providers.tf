provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# Disaster-recovery copies live in a second region.
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
