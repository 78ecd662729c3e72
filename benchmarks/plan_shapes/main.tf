# The config behind benchmarks/plan_shapes/plan.json: common AWS types with their usual nested
# blocks, in the root and in a local module, planned by benchmarks/make_plan_shapes.py with the
# local terraform + hashicorp/aws mirror. Planned twice: stage 1 (everything created) becomes a
# prior state; stage 2 (the fixture) then has creates, in-place updates, replacements, deletes
# and no-ops, as a real plan of a living stack does.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "stage" {
  type    = number
  default = 1
}

locals {
  env  = "prod"
  tags = { Team = "platform", Env = local.env, CostCenter = "cc-1042" }
  ami  = var.stage == 1 ? "ami-0c55b159cbfafe1f0" : "ami-0abcdef1234567890"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = "main" })
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = ["us-east-1a", "us-east-1b"][count.index]
  tags              = merge(local.tags, { Name = "private-${count.index}" })
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = local.tags
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.private[0].id
  tags          = local.tags
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "app servers"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.stage == 1 ? ["10.1.0.0/16"] : ["10.1.0.0/16", "10.2.0.0/16"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = local.tags
}

# in-place update at stage 2 (instance type), and one replaced (ami)
resource "aws_instance" "web" {
  count                  = 2
  ami                    = count.index == 0 ? "ami-0c55b159cbfafe1f0" : local.ami
  instance_type          = var.stage == 1 ? "m5.large" : "m5.xlarge"
  subnet_id              = aws_subnet.private[count.index].id
  vpc_security_group_ids = [aws_security_group.app.id]
  monitoring             = true

  root_block_device {
    volume_size = 50
    volume_type = "gp3"
    encrypted   = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 200
    volume_type = "gp3"
    iops        = 4000
    throughput  = 250
  }
  metadata_options {
    http_tokens = "required"
  }
  tags = merge(local.tags, { Name = "web-${count.index}" })
}

# deleted at stage 2
resource "aws_instance" "batch" {
  count         = var.stage == 1 ? 1 : 0
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "c6i.2xlarge"
  subnet_id     = aws_subnet.private[1].id
  root_block_device {
    volume_size = 100
    volume_type = "gp2"
  }
  tags = local.tags
}

# created at stage 2
resource "aws_instance" "worker" {
  count         = var.stage == 1 ? 0 : 1
  ami           = local.ami
  instance_type = "r6g.xlarge"
  subnet_id     = aws_subnet.private[1].id
  root_block_device {
    volume_size = 80
    volume_type = "gp3"
  }
  tags = local.tags
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = var.stage == 1 ? 500 : 750
  type              = "io2"
  iops              = 8000
  encrypted         = true
  tags              = local.tags
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = var.stage == 1 ? "us-east-1a" : "us-east-1b"
  size              = 100
  type              = "gp3"
  tags              = local.tags
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "main" {
  identifier              = "main"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = var.stage == 1 ? "db.r6g.large" : "db.r6g.xlarge"
  allocated_storage       = 200
  max_allocated_storage   = 1000
  storage_type            = "gp3"
  multi_az                = true
  username                = "app"
  password                = "not-a-real-password"
  db_subnet_group_name    = aws_db_subnet_group.db.name
  vpc_security_group_ids  = [aws_security_group.app.id]
  backup_retention_period = 14
  skip_final_snapshot     = true
  performance_insights_enabled = true
  tags                    = local.tags
}

resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "application"
  internal           = false
  subnets            = aws_subnet.private[*].id
  security_groups    = [aws_security_group.app.id]
  idle_timeout       = var.stage == 1 ? 60 : 120
  access_logs {
    bucket  = aws_s3_bucket.logs.id
    enabled = true
  }
  tags = local.tags
}

resource "aws_s3_bucket" "logs" {
  bucket = "platform-logs-123456789012"
  tags   = var.stage == 1 ? local.tags : merge(local.tags, { Retention = "90d" })
}

resource "aws_iam_role" "lambda" {
  name = "lambda-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

resource "aws_iam_role" "nodes" {
  name = "eks-nodes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  s3_bucket     = aws_s3_bucket.logs.id
  s3_key        = "lambda/api.zip"
  memory_size   = var.stage == 1 ? 512 : 1024
  timeout       = 30
  architectures = ["arm64"]
  environment {
    variables = { LOG_LEVEL = "info", TABLE = "orders" }
  }
  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.app.id]
  }
  tags = local.tags
}

resource "aws_eks_node_group" "general" {
  cluster_name    = "platform"
  node_group_name = "general"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["m6i.large"]
  disk_size       = 50
  scaling_config {
    desired_size = var.stage == 1 ? 3 : 4
    min_size     = 2
    max_size     = 10
  }
  update_config {
    max_unavailable = 1
  }
  labels = { role = "general" }
  tags   = local.tags
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/api"
  retention_in_days = 30
  tags              = local.tags
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  tags = local.tags
}

module "queue" {
  source        = "./queue"
  name          = "jobs"
  instance_type = var.stage == 1 ? "t3.medium" : "t3.large"
  subnet_id     = aws_subnet.private[0].id
}
