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
        "aws_sns_topic_subscription", "aws_sns_topic_policy", "aws_sqs_queue_policy",
        "aws_kms_alias", "aws_acm_certificate", "aws_acm_certificate_validation",
        "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
        "aws_api_gateway_account", "aws_api_gateway_deployment", "aws_api_gateway_resource",
        "aws_api_gateway_method", "aws_api_gateway_integration",
        "aws_api_gateway_method_response", "aws_api_gateway_integration_response",
        "aws_api_gateway_base_path_mapping", "aws_apigatewayv2_stage", "aws_apigatewayv2_route",
        "aws_apigatewayv2_integration",
        "aws_ecs_cluster", "aws_ecs_task_definition", "aws_resourcegroups_group",
        # Terraform-internal and utility providers
        "null_resource", "terraform_data", "random_id", "random_pet", "random_string",
        "random_password", "random_integer", "random_uuid", "random_shuffle", "time_sleep",
        "time_static", "time_rotating", "tls_private_key", "tls_self_signed_cert",
        "local_file", "local_sensitive_file",
        # Google / Azure plumbing
        "google_compute_network", "google_compute_subnetwork", "google_compute_firewall",
        "google_compute_network_peering", "google_service_account", "google_project_iam_member",
        "google_project_iam_binding", "google_service_account_iam_member",
        "google_project_service", "google_compute_instance_template",
        "azurerm_resource_group", "azurerm_virtual_network", "azurerm_subnet",
        "azurerm_network_security_group", "azurerm_network_security_rule",
        "azurerm_subnet_network_security_group_association", "azurerm_network_interface",
        "azurerm_network_interface_security_group_association", "azurerm_availability_set",
        "azurerm_role_assignment",
    }
)
