"""Loading .tf directories into Projects: evaluation, expansion, modules, unknowns, errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cost_gate.errors import InputError
from cost_gate.inputs.hcl import load_hcl_project
from cost_gate.models import Project

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def load(path: Path | str, **kwargs) -> Project:
    kwargs.setdefault("env", {})
    return load_hcl_project(str(path), **kwargs)


@pytest.fixture(scope="module")
def features() -> Project:
    return load(FIXTURES / "features")


def test_project_shape(features: Project) -> None:
    assert features.input_type == "hcl"
    assert features.name == "features"
    assert all(c.action == "create" and c.before is None for c in features.changes)
    assert not [c for c in features.changes if c.address.startswith("data.")]


def test_count_and_for_each_addresses(features: Project) -> None:
    addresses = [c.address for c in features.changes]
    for expected in (
        "aws_instance.web[0]",
        "aws_instance.web[1]",
        'aws_instance.worker["alpha"]',
        'aws_instance.worker["beta"]',
        'aws_sqs_queue.q["a"]',
        "aws_subnet.private[1]",
        "module.app.aws_instance.this[1]",
        "module.app.module.db.aws_db_instance.this",
        "module.cache.aws_elasticache_cluster.this",
    ):
        assert expected in addresses
    assert "aws_instance.web[2]" not in addresses


def test_variables_tfvars_locals_conditionals_functions(features: Project) -> None:
    web = features.by_address()["aws_instance.web[1]"]
    attrs = web.after.attributes
    assert attrs["instance_type"] == "m5.large"  # lookup(map, var from terraform.tfvars)
    assert attrs["tags"] == {
        "Environment": "prod",
        "Critical": "yes",
        "Name": "shop-prod-web-2",
    }
    assert attrs["root_block_device"] == [{"volume_size": 50, "volume_type": "gp3"}]
    assert attrs["user_data"] == '#!/bin/sh\necho "starting web-1"\n'  # templatefile
    subnet = features.by_address()["aws_subnet.private[1]"]
    assert subnet.after.attributes["cidr_block"] == "10.0.1.0/24"  # cidrsubnet


def test_dynamic_blocks_and_optional_defaults(features: Project) -> None:
    web = features.by_address()["aws_instance.web[0]"]
    assert web.after.attributes["ebs_block_device"] == [
        {"device_name": "/dev/sdb", "volume_size": 100, "volume_type": "gp3"},
        {"device_name": "/dev/sdc", "volume_size": 200, "volume_type": "io2"},
    ]
    alpha = features.by_address()['aws_instance.worker["alpha"]']
    assert alpha.after.attributes["instance_type"] == "c5.large"
    assert alpha.after.attributes["root_block_device"] == [{"volume_size": 30}]


def test_computed_references_are_unknown_with_references(features: Project) -> None:
    asg = features.by_address()["aws_autoscaling_group.app"]
    assert asg.after.attributes["launch_template"] == [{"version": "$Latest"}]
    assert asg.after.unknown == {"launch_template": [{"id": True}]}
    assert asg.references == {"launch_template.id": ["aws_launch_template.app"]}
    assert asg.after.attributes["desired_capacity"] == 3
    assert asg.notes == []  # known-after-apply values are not HCL-mode limitations
    subnet = features.by_address()["aws_subnet.private[0]"]
    assert subnet.references == {"vpc_id": ["aws_vpc.main"]}


def test_data_sources_are_explicit_unknowns(features: Project) -> None:
    lt = features.by_address()["aws_launch_template.app"]
    assert lt.after.unknown == {"image_id": True}
    assert "image_id" not in lt.after.attributes
    assert any("data.aws_ami.ubuntu" in n for n in lt.notes)
    assert any("data.aws_ami.ubuntu" in n for n in features.notes)


def test_unknown_count_is_reported_not_dropped(features: Project) -> None:
    res = features.by_address()["aws_instance.per_subnet"]
    assert res.after.unknown.get("count") is True
    assert "count could not be evaluated" in res.notes[0]
    assert any("aws_instance.per_subnet" in n for n in features.notes)


def test_providers_regions_and_aliases(features: Project) -> None:
    by = features.by_address()
    assert (
        by["aws_instance.web[0]"].after.region,
        by["aws_instance.web[0]"].after.region_source,
    ) == (
        "eu-west-1",
        "provider",
    )
    assert by["aws_eip.nat"].after.region == "us-east-1"  # provider = aws.use1
    # providers = { aws = aws.use1 } is passed down, and inherited by the nested module
    assert by["module.app.aws_instance.this[0]"].after.region == "us-east-1"
    assert by["module.app.module.db.aws_db_instance.this"].after.region == "us-east-1"
    # a downloaded remote module inherits the default provider
    assert by["module.cache.aws_elasticache_cluster.this"].after.region == "eu-west-1"


def test_local_and_downloaded_modules(features: Project) -> None:
    by = features.by_address()
    db = by["module.app.module.db.aws_db_instance.this"]
    assert db.module_address == "module.app.module.db"
    assert db.after.attributes["identifier"] == "shop-prod-db"
    assert db.after.attributes["allocated_storage"] == 100
    cache = by["module.cache.aws_elasticache_cluster.this"]
    assert cache.after.attributes["node_type"] == "cache.t3.small"
    assert cache.after.attributes["num_cache_nodes"] == 2
    bastion = by["aws_instance.bastion"]
    assert bastion.after.attributes["tags"] == {"App": "shop-prod-app"}  # module output


def test_remote_module_not_downloaded(features: Project) -> None:
    bastion = features.by_address()["aws_instance.bastion"]
    assert bastion.after.unknown == {"subnet_id": True}
    expected = (
        'module.vpc: remote module "terraform-aws-modules/vpc/aws" not downloaded '
        "(run terraform init); its resources are not evaluated"
    )
    assert any(expected in n for n in bastion.notes)
    assert expected in features.notes
    assert not [c for c in features.changes if c.address.startswith("module.vpc.")]


def test_variable_precedence(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                variable "a" { default = "default" }
                variable "b" { default = "default" }
                variable "c" { default = "default" }
                variable "d" { default = "default" }
                variable "e" { default = "default" }
                variable "n" { type = number }
                variable "l" { type = list(string) }
                resource "aws_instance" "x" {
                  ami           = join(",", [var.a, var.b, var.c, var.d, var.e])
                  instance_type = "t3.micro"
                  cpu_core_count = var.n + 1
                  tags = { l = join("+", var.l) }
                }
            """,
            "terraform.tfvars": 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\ne = "tfvars"\n',
            "z.auto.tfvars": 'c = "auto"\nd = "auto"\ne = "auto"\n',
            "extra.tfvars": 'd = "file"\ne = "file"\n',
        },
    )
    project = load(
        root,
        var_files=[str(root / "extra.tfvars")],
        variables={"e": "cli", "l": '["p", "q"]'},
        env={"TF_VAR_a": "env", "TF_VAR_b": "env", "TF_VAR_n": "41"},
    )
    attrs = project.changes[0].after.attributes
    assert attrs["ami"] == "env,tfvars,auto,file,cli"
    assert attrs["cpu_core_count"] == 42  # TF_VAR string converted to the declared number
    assert attrs["tags"] == {"l": "p+q"}  # complex --var values are parsed as HCL


def test_missing_variable_is_unknown_with_note(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                variable "size" {}
                resource "aws_ebs_volume" "v" {
                  availability_zone = "us-east-1a"
                  size              = var.size
                }
            """
        },
    )
    project = load(root)
    vol = project.changes[0]
    assert vol.after.unknown == {"size": True}
    assert any("var.size has no value" in n for n in vol.notes)
    assert any("var.size has no value" in n for n in project.notes)


def test_for_each_module_and_nested_outputs(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                provider "aws" { region = "ap-south-1" }
                module "svc" {
                  source   = "./svc"
                  for_each = { api = "t3.small", jobs = "t3.large" }
                  type     = each.value
                }
                resource "aws_instance" "uses" {
                  ami           = "ami-1"
                  instance_type = module.svc["jobs"].type_used
                }
            """,
            "svc/main.tf": """
                variable "type" { type = string }
                resource "aws_instance" "this" {
                  ami           = "ami-1"
                  instance_type = var.type
                }
                output "type_used" { value = aws_instance.this.instance_type }
            """,
        },
    )
    project = load(root)
    by = project.by_address()
    assert by['module.svc["api"].aws_instance.this'].after.attributes["instance_type"] == "t3.small"
    assert by['module.svc["jobs"].aws_instance.this'].module_address == 'module.svc["jobs"]'
    uses = by["aws_instance.uses"]
    assert uses.after.attributes["instance_type"] == "t3.large"
    assert uses.references == {"instance_type": ['module.svc["jobs"].aws_instance.this']}
    assert uses.after.region == "ap-south-1"


def test_references_through_module_outputs(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                module "lt" { source = "./lt" }
                resource "aws_autoscaling_group" "asg" {
                  min_size = 1
                  max_size = 2
                  launch_template {
                    id = module.lt.id
                  }
                }
            """,
            "lt/main.tf": """
                resource "aws_launch_template" "this" { instance_type = "c5.large" }
                output "id" { value = aws_launch_template.this.id }
            """,
        },
    )
    asg = load(root).by_address()["aws_autoscaling_group.asg"]
    assert asg.references == {"launch_template.id": ["module.lt.aws_launch_template.this"]}
    assert asg.after.region is None  # no provider block: the common resolver decides


def test_google_and_azure_regions(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                provider "google" { zone = "europe-west1-b" }
                resource "google_compute_instance" "a" {
                  name         = "a"
                  machine_type = "e2-medium"
                }
                resource "google_compute_instance" "b" {
                  name         = "b"
                  machine_type = "e2-medium"
                  zone         = "us-central1-c"
                }
                resource "azurerm_linux_virtual_machine" "vm" {
                  name     = "vm"
                  location = "West Europe"
                  size     = "Standard_B2s"
                }
            """
        },
    )
    by = load(root).by_address()
    assert (
        by["google_compute_instance.a"].after.region,
        by["google_compute_instance.a"].provider,
    ) == (
        "europe-west1",
        "google",
    )
    assert by["google_compute_instance.b"].after.region == "us-central1"
    assert by["google_compute_instance.b"].after.region_source == "attribute"
    assert by["azurerm_linux_virtual_machine.vm"].after.region == "westeurope"


def test_unsupported_expression_never_crashes(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                resource "aws_instance" "x" {
                  ami           = "ami-1"
                  instance_type = "t3.micro"
                  user_data     = some_new_function("x")
                  tags          = { a = lookup({}, "missing") }
                  key_name      = provider::aws::arn_parse("arn:aws:iam::1:user/x").region
                }
            """
        },
    )
    res = load(root).changes[0]
    assert res.after.attributes["instance_type"] == "t3.micro"
    assert res.after.unknown == {"user_data": True, "tags": True, "key_name": True}
    assert len(res.notes) == 3


def test_unknown_dynamic_for_each_marks_block_unknown(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                data "aws_ebs_snapshot_ids" "s" {}
                resource "aws_instance" "x" {
                  ami           = "ami-1"
                  instance_type = "t3.micro"
                  dynamic "ebs_block_device" {
                    for_each = data.aws_ebs_snapshot_ids.s.ids
                    content {
                      device_name = "/dev/sd${ebs_block_device.key}"
                    }
                  }
                }
            """
        },
    )
    res = load(root).changes[0]
    assert res.after.unknown == {"ebs_block_device": True}
    assert "ebs_block_device" not in res.after.attributes


def test_syntax_error_is_one_line_with_file_and_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"ok.tf": 'variable "a" {}\n', "broken.tf": 'resource "aws_instance" "x" {\n  ami = \n}\n'},
    )
    with pytest.raises(InputError) as info:
        load(tmp_path)
    message = info.value.one_line()
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'broken.tf'}:2:") or message.startswith("broken.tf:2:")
    assert info.value.exit_code == 2


def test_not_a_terraform_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load(tmp_path)


def test_unevaluated_price_input_is_partial_never_silent_zero(tmp_path: Path) -> None:
    from cost_gate.estimate import estimate

    root = write(
        tmp_path,
        {
            "main.tf": """
                data "aws_ssm_parameter" "type" { name = "/app/instance_type" }
                resource "aws_instance" "x" {
                  ami           = "ami-1"
                  instance_type = data.aws_ssm_parameter.type.value
                }
            """
        },
    )
    from cost_gate.inputs import load_input

    report = estimate([load_input(str(root), env={})]).to_dict()
    res = report["projects"][0]["resources"][0]
    assert res["status"] == "partial"
    assert any("data.aws_ssm_parameter.type" in n for n in res["notes"])


def test_heredocs_with_quotes_in_interpolations(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": """
                variable "m" {
                  default = { x = "one" }
                }
                resource "aws_instance" "x" {
                  ami           = "ami-1"
                  instance_type = "t3.micro"
                  user_data     = <<-EOT
                    #!/bin/bash
                    echo "${var.m["x"]}"
                  EOT
                  tags = {
                    Script = <<EOT
                $${literal} ${upper(var.m["x"])}
                EOT
                  }
                }
            """
        },
    )
    attrs = load(root).changes[0].after.attributes
    assert attrs["user_data"] == '#!/bin/bash\necho "one"\n'
    assert attrs["tags"] == {"Script": "${literal} ONE\n"}
