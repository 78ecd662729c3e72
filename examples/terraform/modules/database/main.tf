variable "name" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "instance_class" {
  type = string
}

variable "storage_gb" {
  type    = number
  default = 50
}

variable "multi_az" {
  type    = bool
  default = false
}

resource "aws_db_subnet_group" "this" {
  name       = "${var.name}-db"
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier              = "${var.name}-db"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = var.instance_class
  allocated_storage       = var.storage_gb
  storage_type            = "gp2"
  multi_az                = var.multi_az
  db_subnet_group_name    = aws_db_subnet_group.this.name
  backup_retention_period = var.multi_az ? 14 : 1
  skip_final_snapshot     = !var.multi_az
}

output "endpoint" {
  value = aws_db_instance.this.endpoint
}
