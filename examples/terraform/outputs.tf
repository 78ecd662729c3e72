output "alb_dns_name" {
  value = module.web.alb_dns_name
}

output "db_endpoint" {
  value = module.database.endpoint
}

output "nat_gateway_count" {
  value = module.network.nat_gateway_count
}
