# Aurora PostgreSQL Serverless v2 in the private subnets. The master password is made by RDS and kept in
# Secrets Manager (manage_master_user_password): it is never in these files nor in the Terraform state.
# The functions create the schema at start (store.postgres.Migrations) in the database named here.

resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_rds_cluster" "main" {
  cluster_identifier          = local.name
  engine                      = "aurora-postgresql"
  engine_mode                 = "provisioned"
  engine_version              = "16.4"
  database_name               = "omb"
  master_username             = var.db_username
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.main.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  storage_encrypted           = true
  backup_retention_period     = 7
  preferred_backup_window     = "02:00-03:00"
  deletion_protection         = var.db_deletion_protection
  skip_final_snapshot         = false
  final_snapshot_identifier   = "${local.name}-final"
  copy_tags_to_snapshot       = true

  serverlessv2_scaling_configuration {
    min_capacity = var.db_min_acu
    max_capacity = var.db_max_acu
  }
}

resource "aws_rds_cluster_instance" "main" {
  identifier          = "${local.name}-1"
  cluster_identifier  = aws_rds_cluster.main.id
  engine              = aws_rds_cluster.main.engine
  engine_version      = aws_rds_cluster.main.engine_version
  instance_class      = "db.serverless"
  publicly_accessible = false
}

locals {
  # r2dbc-postgresql reads sslMode from the URL; Aurora accepts TLS, so nothing crosses the VPC in clear.
  r2dbc_url = "r2dbc:postgresql://${aws_rds_cluster.main.endpoint}:5432/omb?sslMode=require"
  # The secret RDS keeps the master password in; ECS reads its "password" key at task start.
  db_secret_arn = aws_rds_cluster.main.master_user_secret[0].secret_arn
}
