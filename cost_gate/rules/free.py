"""Resource types with no charge of their own: reported as `free`, never as unsupported.

A type belongs here only when creating it costs nothing by itself (its cost, if any, shows up
on other resources): identity, network plumbing, configuration objects.
"""

FREE_TYPES = frozenset(
    {
        # AWS identity and access
        "aws_iam_role", "aws_iam_policy", "aws_iam_role_policy", "aws_iam_role_policy_attachment",
        "aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_group",
        "aws_iam_group_policy", "aws_iam_group_membership", "aws_iam_group_policy_attachment",
        "aws_iam_policy_attachment", "aws_iam_instance_profile", "aws_iam_access_key",
        "aws_iam_openid_connect_provider", "aws_iam_service_linked_role",
        "aws_iam_user_login_profile", "aws_iam_account_password_policy",
        # AWS networking plumbing
        "aws_vpc", "aws_default_vpc", "aws_subnet", "aws_default_subnet", "aws_route_table",
        "aws_default_route_table", "aws_route", "aws_route_table_association",
        "aws_main_route_table_association", "aws_internet_gateway", "aws_egress_only_internet_gateway",
        "aws_security_group", "aws_default_security_group", "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
        "aws_network_acl", "aws_default_network_acl", "aws_network_acl_rule",
        "aws_network_acl_association", "aws_vpc_dhcp_options", "aws_vpc_dhcp_options_association",
        "aws_vpc_ipv4_cidr_block_association", "aws_vpc_peering_connection",
        "aws_vpc_peering_connection_accepter", "aws_vpc_endpoint_route_table_association",
        "aws_eip_association", "aws_network_interface_attachment", "aws_network_interface_sg_attachment",
        "aws_volume_attachment", "aws_key_pair", "aws_placement_group",
        # AWS compute/load-balancing configuration objects
        "aws_launch_template", "aws_launch_configuration", "aws_autoscaling_policy",
        "aws_autoscaling_attachment", "aws_autoscaling_lifecycle_hook",
        "aws_autoscaling_notification", "aws_autoscaling_schedule",
        "aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule", "aws_alb_listener_rule",
        "aws_lb_target_group", "aws_alb_target_group", "aws_lb_target_group_attachment",
        "aws_alb_target_group_attachment", "aws_lb_listener_certificate",
        "aws_elb_attachment", "aws_lb_cookie_stickiness_policy", "aws_load_balancer_policy",
        "aws_proxy_protocol_policy", "aws_app_cookie_stickiness_policy",
        "aws_appautoscaling_target", "aws_appautoscaling_policy",
        # AWS databases/caches configuration objects
        "aws_db_subnet_group", "aws_db_parameter_group", "aws_db_option_group",
        "aws_rds_cluster_parameter_group", "aws_elasticache_subnet_group",
        "aws_elasticache_parameter_group",
        # AWS EKS configuration objects
        "aws_eks_addon", "aws_eks_identity_provider_config", "aws_eks_access_entry",
        "aws_eks_access_policy_association", "aws_eks_pod_identity_association",
        # AWS misc configuration
        "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning",
        "aws_s3_bucket_acl", "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_ownership_controls", "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_cors_configuration", "aws_s3_bucket_logging",
        "aws_s3_bucket_notification", "aws_s3_bucket_website_configuration",
        "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_lambda_permission",
        "aws_sns_topic_policy", "aws_sqs_queue_policy",
        "aws_kms_alias", "aws_acm_certificate", "aws_acm_certificate_validation",
        "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
        "aws_api_gateway_account", "aws_api_gateway_deployment", "aws_api_gateway_resource",
        "aws_api_gateway_method", "aws_api_gateway_integration",
        "aws_api_gateway_method_response", "aws_api_gateway_integration_response",
        "aws_api_gateway_base_path_mapping", "aws_apigatewayv2_stage", "aws_apigatewayv2_route",
        "aws_apigatewayv2_integration",
        "aws_ecs_cluster", "aws_ecs_task_definition", "aws_resourcegroups_group",
        # AWS management, security, messaging, serverless and storage configuration objects
        # (their keys, secrets, topics, buckets, APIs... are priced)
        "aws_kms_grant", "aws_kms_key_policy", "aws_kms_ciphertext",
        "aws_secretsmanager_secret_version", "aws_secretsmanager_secret_policy",
        "aws_secretsmanager_secret_rotation",
        "aws_cloudwatch_log_subscription_filter", "aws_cloudwatch_log_stream",
        "aws_cloudwatch_log_resource_policy", "aws_cloudwatch_log_destination",
        "aws_cloudwatch_log_destination_policy", "aws_cloudwatch_log_data_protection_policy",
        "aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_permission",
        "aws_cloudwatch_event_connection",  # its Secrets Manager secret is in the API price
        "aws_scheduler_schedule_group", "aws_sqs_queue_redrive_policy",
        "aws_sqs_queue_redrive_allow_policy", "aws_sns_topic_data_protection_policy",
        "aws_sns_platform_application", "aws_ecr_registry_policy",
        "aws_ecr_pull_through_cache_rule", "aws_sfn_activity", "aws_sfn_alias",
        "aws_api_gateway_domain_name", "aws_api_gateway_method_settings",
        "aws_api_gateway_usage_plan", "aws_api_gateway_usage_plan_key", "aws_api_gateway_api_key",
        "aws_api_gateway_authorizer", "aws_api_gateway_model", "aws_api_gateway_request_validator",
        "aws_api_gateway_gateway_response", "aws_api_gateway_rest_api_policy",
        "aws_api_gateway_client_certificate", "aws_api_gateway_documentation_part",
        "aws_api_gateway_documentation_version", "aws_api_gateway_vpc_link",
        "aws_apigatewayv2_authorizer", "aws_apigatewayv2_deployment",
        "aws_apigatewayv2_domain_name", "aws_apigatewayv2_api_mapping",
        "aws_apigatewayv2_integration_response", "aws_apigatewayv2_route_response",
        "aws_apigatewayv2_model", "aws_apigatewayv2_vpc_link",
        "aws_s3_object", "aws_s3_bucket_object",  # its bytes are the bucket's storage usage
        "aws_s3_bucket_intelligent_tiering_configuration",  # monitoring is billed on the bucket
        "aws_s3_bucket_request_payment_configuration", "aws_s3_bucket_object_lock_configuration",
        "aws_s3_account_public_access_block", "aws_efs_mount_target", "aws_efs_access_point",
        "aws_efs_file_system_policy",
        # AWS attachments and policies without a charge of their own, found in real plans
        "aws_network_interface", "aws_customer_gateway", "aws_vpn_gateway",
        "aws_vpn_gateway_attachment", "aws_vpn_gateway_route_propagation",
        "aws_elasticsearch_domain_policy", "aws_opensearch_domain_policy",
        "aws_wafv2_web_acl_association",
        # Terraform-internal and utility providers
        "null_resource", "terraform_data", "random_id", "random_pet", "random_string",
        "random_password", "random_integer", "random_uuid", "random_shuffle", "time_sleep",
        "time_static", "time_rotating", "tls_private_key", "tls_self_signed_cert",
        "local_file", "local_sensitive_file",
        # Google: identity and access (IAM members/bindings/policies of every resource kind)
        *(f"google_{scope}_iam_{kind}"
          for scope in ("project", "folder", "organization", "service_account",
                        "storage_bucket", "pubsub_topic", "pubsub_subscription",
                        "cloud_run_service", "cloud_run_v2_service", "cloud_run_v2_job",
                        "cloudfunctions_function", "cloudfunctions2_function",
                        "secret_manager_secret", "kms_crypto_key", "kms_key_ring",
                        "compute_instance", "compute_subnetwork", "bigquery_dataset",
                        "bigquery_table", "artifact_registry_repository", "sql_database_instance")
          for kind in ("member", "binding", "policy")),
        "google_service_account", "google_service_account_key", "google_project_service",
        "google_project_iam_custom_role", "google_organization_iam_custom_role",
        # Google: network plumbing (NAT, VPN tunnels, addresses and LB rules are priced)
        "google_compute_network", "google_compute_subnetwork", "google_compute_firewall",
        "google_compute_network_peering", "google_compute_route", "google_compute_router",
        "google_compute_router_interface", "google_compute_router_peer",
        "google_compute_vpn_gateway", "google_compute_ha_vpn_gateway",
        "google_compute_external_vpn_gateway", "google_compute_shared_vpc_host_project",
        "google_compute_shared_vpc_service_project", "google_service_networking_connection",
        "google_compute_network_firewall_policy", "google_compute_network_firewall_policy_rule",
        "google_compute_network_firewall_policy_association",
        # Google: load-balancing configuration (billed through forwarding rules)
        "google_compute_backend_service", "google_compute_region_backend_service",
        "google_compute_backend_bucket", "google_compute_url_map", "google_compute_region_url_map",
        "google_compute_target_http_proxy", "google_compute_target_https_proxy",
        "google_compute_region_target_http_proxy", "google_compute_region_target_https_proxy",
        "google_compute_target_tcp_proxy", "google_compute_target_ssl_proxy",
        "google_compute_target_pool", "google_compute_target_instance",
        "google_compute_health_check", "google_compute_region_health_check",
        "google_compute_http_health_check", "google_compute_https_health_check",
        "google_compute_ssl_certificate", "google_compute_managed_ssl_certificate",
        "google_compute_region_ssl_certificate", "google_compute_ssl_policy",
        "google_compute_network_endpoint_group", "google_compute_region_network_endpoint_group",
        "google_compute_global_network_endpoint_group", "google_compute_network_endpoint",
        # Google: compute configuration objects (their VMs/disks are priced)
        "google_compute_instance_template", "google_compute_region_instance_template",
        "google_compute_node_template", "google_compute_instance_group",
        "google_compute_autoscaler", "google_compute_region_autoscaler",
        "google_compute_resource_policy", "google_compute_disk_resource_policy_attachment",
        "google_compute_attached_disk", "google_compute_project_metadata",
        "google_compute_project_metadata_item",
        # Google: databases, storage and DNS configuration objects
        "google_sql_user", "google_sql_database", "google_sql_ssl_cert",
        "google_storage_bucket_object",  # its bytes are the bucket's storage usage
        "google_storage_bucket_acl", "google_storage_default_object_acl",
        "google_storage_notification", "google_dns_record_set",
        "google_pubsub_schema", "google_project", "google_folder", "google_kms_key_ring",
        # Azure: identity, resource groups and locks
        "azurerm_resource_group", "azurerm_role_assignment", "azurerm_role_definition",
        "azurerm_user_assigned_identity", "azurerm_federated_identity_credential",
        "azurerm_management_lock", "azurerm_key_vault_access_policy",
        # Azure: network plumbing (load-balancer rules are priced on the load balancer)
        "azurerm_virtual_network", "azurerm_subnet", "azurerm_network_security_group",
        "azurerm_network_security_rule", "azurerm_application_security_group",
        "azurerm_subnet_network_security_group_association", "azurerm_network_interface",
        "azurerm_network_interface_security_group_association",
        "azurerm_network_interface_application_security_group_association",
        "azurerm_network_interface_backend_address_pool_association",
        "azurerm_network_interface_application_gateway_backend_address_pool_association",
        "azurerm_network_interface_nat_rule_association", "azurerm_route_table",
        "azurerm_route", "azurerm_subnet_route_table_association",
        "azurerm_subnet_nat_gateway_association", "azurerm_lb_backend_address_pool",
        "azurerm_lb_backend_address_pool_address", "azurerm_lb_probe", "azurerm_lb_rule",
        "azurerm_lb_nat_rule", "azurerm_lb_nat_pool", "azurerm_lb_outbound_rule",
        "azurerm_express_route_circuit_peering",
        # Azure: compute configuration objects (VMs, disks and hosts are priced)
        "azurerm_availability_set", "azurerm_proximity_placement_group",
        "azurerm_dedicated_host_group", "azurerm_ssh_public_key",
        "azurerm_virtual_machine_extension", "azurerm_virtual_machine_scale_set_extension",
        "azurerm_virtual_machine_data_disk_attachment",
        # Azure: apps run on (and are billed through) their App Service plan
        "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_web_app_slot",
        "azurerm_windows_web_app_slot", "azurerm_linux_function_app",
        "azurerm_windows_function_app", "azurerm_app_service", "azurerm_app_service_slot",
        "azurerm_function_app", "azurerm_app_service_virtual_network_swift_connection",
        # Azure: databases and storage configuration objects
        "azurerm_mssql_server", "azurerm_sql_server", "azurerm_mssql_firewall_rule",
        "azurerm_sql_firewall_rule", "azurerm_mssql_virtual_network_rule",
        "azurerm_storage_container",  # its blobs are the account's storage usage
        "azurerm_monitor_diagnostic_setting",
    }
)
