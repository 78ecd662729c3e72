variable "region" {
  description = "Primary AWS region."
  type        = string
  default     = "us-east-1"
}

variable "dr_region" {
  description = "Region for disaster-recovery resources."
  type        = string
  default     = "us-west-2"
}

variable "environment" {
  description = "dev, staging or prod: drives sizes and redundancy."
  type        = string
  default     = "dev"
}

variable "project" {
  type    = string
  default = "shop"
}

variable "availability_zones" {
  type    = list(string)
  default = ["a", "b"]
}

variable "app_server_count" {
  type    = number
  default = 1
}

variable "app_data_disks" {
  description = "Extra EBS volumes attached to every app server."
  type = list(object({
    device = string
    size   = number
    type   = optional(string, "gp3")
  }))
  default = []
}

variable "workers" {
  description = "Background workers, by name."
  type = map(object({
    instance_type = string
    disk_size     = optional(number, 30)
  }))
  default = {}
}

variable "web" {
  type = object({
    instance_type = string
    min           = number
    max           = number
    desired       = number
  })
  default = {
    instance_type = "t3.small"
    min           = 1
    max           = 2
    desired       = 1
  }
}

variable "db_instance_class" {
  type    = string
  default = "db.t3.medium"
}

variable "enable_cache" {
  type    = bool
  default = false
}
