# The relay (cloud-functions, profile relay, docs/relay.md) on ECS Fargate behind an HTTPS load balancer.
# It keeps no durable state, so any number of tasks run; a phone's Socket.IO long polling must stay on the
# task that holds its session until it upgrades to a WebSocket, hence the sticky target group.

locals {
  relay_port = 8090
}

resource "aws_ecs_cluster" "main" {
  name = local.name
}

resource "aws_cloudwatch_log_group" "relay" {
  name              = "/ecs/${local.name}-relay"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "relay" {
  family                   = "${local.name}-relay"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.relay_execution.arn
  task_role_arn            = aws_iam_role.relay_task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  lifecycle {
    # IoT Core takes the relay only with its certificate and key: one without the other is a relay that never logs in.
    precondition {
      condition     = (var.relay_csr_file == "") == (var.relay_key_secret_arn == "")
      error_message = "Set relay_csr_file and relay_key_secret_arn together (README, The relay's certificate)."
    }
  }

  container_definitions = jsonencode([
    {
      name         = "relay"
      image        = var.relay_image
      essential    = true
      command      = ["--spring.profiles.active=relay", "--server.port=${local.relay_port}"]
      portMappings = [{ containerPort = local.relay_port, protocol = "tcp" }]
      # The relay logs in to IoT Core with its certificate (public: from the state) and its key (below).
      environment = concat([
        { name = "OMB_MQTT_URL", value = "ssl://${data.aws_iot_endpoint.data.endpoint_address}:8883" },
        { name = "SPRING_R2DBC_URL", value = local.r2dbc_url },
        { name = "SPRING_R2DBC_USERNAME", value = var.db_username },
        { name = "OMB_S3_BUCKET", value = aws_s3_bucket.media.id },
        { name = "OMB_S3_REGION", value = var.region },
        ], var.relay_csr_file == "" ? [] : [
        { name = "OMB_MQTT_CLIENT_CERT", value = aws_iot_certificate.relay[0].certificate_pem },
      ])
      # Read by ECS from Secrets Manager at task start: the database password (kept by RDS) and the relay's key
      # (stored by the operator) are in neither files nor state.
      secrets = concat([
        { name = "SPRING_R2DBC_PASSWORD", valueFrom = "${local.db_secret_arn}:password::" },
        ], var.relay_key_secret_arn == "" ? [] : [
        { name = "OMB_MQTT_CLIENT_KEY", valueFrom = var.relay_key_secret_arn },
      ])
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.relay.name
          awslogs-region        = var.region
          awslogs-stream-prefix = "relay"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "relay" {
  name                              = "${local.name}-relay"
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.relay.arn
  desired_count                     = var.relay_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 120

  # Public subnets with a public address (reaching IoT Core without a NAT gateway); the security group
  # lets in only the load balancer.
  network_configuration {
    subnets          = aws_subnet.public[*].id
    security_groups  = [aws_security_group.relay.id]
    assign_public_ip = true
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.relay.arn
    container_name   = "relay"
    container_port   = local.relay_port
  }

  depends_on = [aws_lb_listener.https]
}

resource "aws_lb" "relay" {
  name               = "${local.name}-relay"
  load_balancer_type = "application"
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]
  # Above Socket.IO's 25 s ping interval plus its timeout, so an idle WebSocket is not cut.
  idle_timeout               = 120
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "relay" {
  name        = "${local.name}-relay"
  port        = local.relay_port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  health_check {
    path                = "/relay/health"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  stickiness {
    type            = "lb_cookie"
    cookie_duration = 86400
    enabled         = true
  }

  deregistration_delay = 30
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.relay.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.relay_certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.relay.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.relay.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
