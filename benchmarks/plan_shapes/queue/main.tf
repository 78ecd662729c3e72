variable "name" {
  type = string
}
variable "instance_type" {
  type = string
}
variable "subnet_id" {
  type = string
}

resource "aws_instance" "consumer" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = var.instance_type
  subnet_id     = var.subnet_id
  root_block_device {
    volume_size = 30
    volume_type = "gp3"
  }
  tags = { Name = "${var.name}-consumer" }
}

resource "aws_sqs_queue" "jobs" {
  name                       = var.name
  visibility_timeout_seconds = 120
  message_retention_seconds  = 1209600
}
