# Two availability zones: public subnets for the load balancer and the relay tasks, private ones for the
# database and the functions. No NAT gateway: the functions reach S3 through a free gateway endpoint, and Secrets
# Manager and IoT Core's data plane through interface endpoints (below).

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  count                   = 2
  vpc_id                  = aws_vpc.main.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index)
  map_public_ip_on_launch = false

  tags = { Name = "${local.name}-public-${count.index}" }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 10 + count.index)

  tags = { Name = "${local.name}-private-${count.index}" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# No default route: the private subnets reach only the VPC and S3.
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "The relay's load balancer: HTTPS (and HTTP, redirected) from anywhere"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_vpc_security_group_egress_rule" "alb_to_relay" {
  security_group_id            = aws_security_group.alb.id
  referenced_security_group_id = aws_security_group.relay.id
  ip_protocol                  = "tcp"
  from_port                    = local.relay_port
  to_port                      = local.relay_port
}

resource "aws_security_group" "relay" {
  name        = "${local.name}-relay"
  description = "Relay tasks: the relay port from the load balancer only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "relay_from_alb" {
  security_group_id            = aws_security_group.relay.id
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = local.relay_port
  to_port                      = local.relay_port
}

# The relay calls IoT Core (8883), S3 and the image registry (443) on the internet, and the database.
resource "aws_vpc_security_group_egress_rule" "relay_https" {
  security_group_id = aws_security_group.relay.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "relay_mqtt" {
  security_group_id = aws_security_group.relay.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 8883
  to_port           = 8883
}

resource "aws_vpc_security_group_egress_rule" "relay_db" {
  security_group_id            = aws_security_group.relay.id
  referenced_security_group_id = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_security_group" "lambda" {
  name        = "${local.name}-functions"
  description = "The functions: out to the database, S3 and the interface endpoints only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "lambda_endpoints" {
  security_group_id            = aws_security_group.lambda.id
  referenced_security_group_id = aws_security_group.endpoints.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_vpc_security_group_egress_rule" "lambda_db" {
  security_group_id            = aws_security_group.lambda.id
  referenced_security_group_id = aws_security_group.db.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "lambda_s3" {
  security_group_id = aws_security_group.lambda.id
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "PostgreSQL: from the functions and the relay only"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_lambda" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.lambda.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_ingress_rule" "db_from_relay" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.relay.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

# Interface endpoints in the private subnets: Secrets Manager (the functions read the database login at start) and
# IoT Core's data plane (the functions answer the boxes). Both answer on 443 to the functions; the relay, in the
# same VPC, resolves the same names to them, so it may reach them too: 443 for its task's secret, 8883 for MQTT.
resource "aws_security_group" "endpoints" {
  name        = "${local.name}-endpoints"
  description = "Interface endpoints: HTTPS from the functions and the relay, MQTT from the relay"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_lambda" {
  security_group_id            = aws_security_group.endpoints.id
  referenced_security_group_id = aws_security_group.lambda.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https_from_relay" {
  security_group_id            = aws_security_group.endpoints.id
  referenced_security_group_id = aws_security_group.relay.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_mqtt_from_relay" {
  security_group_id            = aws_security_group.endpoints.id
  referenced_security_group_id = aws_security_group.relay.id
  ip_protocol                  = "tcp"
  from_port                    = 8883
  to_port                      = 8883
}

# Private DNS: secretsmanager.<region>.amazonaws.com resolves to this endpoint inside the VPC.
resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${var.region}.secretsmanager"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

# IoT Core's data endpoints do not offer private DNS (AWS IoT Core guide, "Using AWS IoT Core with interface VPC
# endpoints"): the account's ATS endpoint name gets a private hosted zone of its own in this VPC, whose apex is an
# alias of the endpoint. The functions then call the usual name (OMB_IOT_ENDPOINT) and TLS still matches it.
resource "aws_vpc_endpoint" "iot_data" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${var.region}.iot.data"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = false
}

resource "aws_route53_zone" "iot_data" {
  name    = data.aws_iot_endpoint.data.endpoint_address
  comment = "IoT Core's data endpoint inside ${local.name}'s VPC (the interface endpoint iot.data)"

  vpc {
    vpc_id = aws_vpc.main.id
  }
}

resource "aws_route53_record" "iot_data" {
  zone_id = aws_route53_zone.iot_data.zone_id
  name    = data.aws_iot_endpoint.data.endpoint_address
  type    = "A"

  alias {
    name                   = aws_vpc_endpoint.iot_data.dns_entry[0].dns_name
    zone_id                = aws_vpc_endpoint.iot_data.dns_entry[0].hosted_zone_id
    evaluate_target_health = false
  }
}
