locals {
  is_prod     = var.environment == "prod"
  name        = "${var.project}-${var.environment}"
  azs         = [for suffix in var.availability_zones : "${var.region}${suffix}"]
  app_ami     = "ami-0c7217cdde317cfec" # pinned Ubuntu 22.04 image
  root_volume = local.is_prod ? 50 : 20

  tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}

module "network" {
  source = "./modules/network"

  name       = local.name
  cidr_block = "10.20.0.0/16"
  azs        = local.azs
  single_nat = !local.is_prod
}

module "web" {
  source = "./modules/web_asg"

  name          = "${local.name}-web"
  vpc_id        = module.network.vpc_id
  subnet_ids    = module.network.private_subnet_ids
  public_subnet = module.network.public_subnet_ids
  ami           = local.app_ami
  instance_type = var.web.instance_type
  min_size      = var.web.min
  max_size      = var.web.max
  desired       = var.web.desired
}

module "database" {
  source = "./modules/database"

  name           = local.name
  subnet_ids     = module.network.private_subnet_ids
  instance_class = var.db_instance_class
  storage_gb     = local.is_prod ? 500 : 50
  multi_az       = local.is_prod
}

resource "aws_instance" "app" {
  count = var.app_server_count

  ami           = local.app_ami
  instance_type = local.is_prod ? "m5.xlarge" : "t3.medium"
  subnet_id     = element(module.network.private_subnet_ids, count.index)
  user_data = templatefile("${path.module}/templates/app-init.sh.tftpl", {
    name = "${local.name}-app-${count.index + 1}"
    env  = var.environment
  })

  root_block_device {
    volume_size = local.root_volume
    volume_type = "gp3"
  }

  dynamic "ebs_block_device" {
    for_each = var.app_data_disks
    content {
      device_name = ebs_block_device.value.device
      volume_size = ebs_block_device.value.size
      volume_type = ebs_block_device.value.type
    }
  }

  tags = {
    Name = format("%s-app-%02d", local.name, count.index + 1)
  }
}

resource "aws_instance" "worker" {
  for_each = var.workers

  ami           = local.app_ami
  instance_type = each.value.instance_type
  subnet_id     = module.network.private_subnet_ids[0]

  root_block_device {
    volume_size = each.value.disk_size
    volume_type = "gp3"
  }

  tags = {
    Name = "${local.name}-worker-${each.key}"
  }
}

resource "aws_instance" "bastion" {
  ami                         = local.app_ami
  instance_type               = "t3.nano"
  subnet_id                   = module.network.public_subnet_ids[0]
  associate_public_ip_address = true

  tags = {
    Name = "${local.name}-bastion"
  }
}

resource "aws_elasticache_cluster" "sessions" {
  count = var.enable_cache ? 1 : 0

  cluster_id      = "${local.name}-sessions"
  engine          = "redis"
  node_type       = local.is_prod ? "cache.r7g.large" : "cache.t4g.micro"
  num_cache_nodes = 1
}

# Nightly copies of the app data disks, kept in the DR region.
resource "aws_ebs_volume" "dr_backup" {
  provider = aws.dr
  count    = local.is_prod ? length(var.app_data_disks) : 0

  availability_zone = "${var.dr_region}a"
  size              = var.app_data_disks[count.index].size
  type              = "sc1"

  tags = {
    Name = "${local.name}-dr-${count.index}"
  }
}
