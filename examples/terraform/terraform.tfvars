environment        = "prod"
availability_zones = ["a", "b", "c"]
app_server_count   = 2

app_data_disks = [
  { device = "/dev/sdf", size = 200 },
  { device = "/dev/sdg", size = 500, type = "st1" },
]

workers = {
  ingest = { instance_type = "c5.large" }
  report = { instance_type = "r5.large", disk_size = 100 }
}

web = {
  instance_type = "m5.large"
  min           = 2
  max           = 6
  desired       = 3
}

db_instance_class = "db.r5.large"
enable_cache      = true
