# Least privilege: each role gets the actions its code calls, on the resources it uses. The only "*"
# resources are the actions AWS cannot scope (the network interfaces of a function in a VPC, and ECR's
# authorization token); terraform/test allows "*" for exactly those actions.

locals {
  media_objects = "${aws_s3_bucket.media.arn}/*"
  # What S3MediaStore calls: get, put (also presigned PUT and upload part), copy, delete, head, multipart
  # create/complete/abort/list parts; ListBucket makes a missing object a 404 rather than a 403.
  media_object_actions = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
  ]
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "ecs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "iot_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["iot.amazonaws.com"]
    }
  }
}

# The functions.
resource "aws_iam_role" "functions" {
  name               = "${local.name}-functions"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_iam_role_policy" "functions" {
  name   = "functions"
  role   = aws_iam_role.functions.id
  policy = data.aws_iam_policy_document.functions.json
}

data "aws_iam_policy_document" "functions" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for g in aws_cloudwatch_log_group.functions : "${g.arn}:*"]
  }

  # AWS requires "*" for these: the network interfaces do not exist before Lambda creates them.
  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "MediaObjects"
    actions   = local.media_object_actions
    resources = [local.media_objects]
  }

  statement {
    sid       = "MediaBucket"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.media.arn]
  }

  statement {
    sid       = "FailedMessages"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failed_device_messages.arn]
  }

  # Answers to the boxes through IoT Core's data plane (device.iot.IotDeviceLink): only the cloud-to-device topics
  # the functions send on (local.function_answer_topics), of any box.
  statement {
    sid     = "AnswerBoxes"
    actions = ["iot:Publish"]
    resources = [
      "${local.any_topic}/library/acks",
      "${local.any_topic}/sync/acks",
      "${local.any_topic}/sync/log",
      "${local.any_topic}/media/urls",
      "${local.any_topic}/uploads/results",
      "${local.any_topic}/errors",
      "${local.any_topic}/commands",
    ]
  }

  # The database login, read once at start (store.secretsmanager.DatabaseSecret). The secret is encrypted with
  # the AWS managed key aws/secretsmanager, whose policy lets Secrets Manager decrypt for a caller allowed here.
  statement {
    sid       = "DatabaseLogin"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.db_secret_arn]
  }
}

# The topic rules' error action.
resource "aws_iam_role" "iot_rules" {
  name               = "${local.name}-iot-rules"
  assume_role_policy = data.aws_iam_policy_document.iot_assume.json
}

resource "aws_iam_role_policy" "iot_rules" {
  name   = "failed-messages"
  role   = aws_iam_role.iot_rules.id
  policy = data.aws_iam_policy_document.iot_rules.json
}

data "aws_iam_policy_document" "iot_rules" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.failed_device_messages.arn]
  }
}

# ECS starting a relay task: pull the image, write logs, read the database password.
resource "aws_iam_role" "relay_execution" {
  name               = "${local.name}-relay-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy" "relay_execution" {
  name   = "relay-execution"
  role   = aws_iam_role.relay_execution.id
  policy = data.aws_iam_policy_document.relay_execution.json
}

data "aws_iam_policy_document" "relay_execution" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.relay.arn}:*"]
  }

  statement {
    sid       = "DatabasePassword"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.db_secret_arn]
  }

  dynamic "statement" {
    for_each = var.relay_key_secret_arn == "" ? [] : [1]
    content {
      sid       = "RelayKey"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [var.relay_key_secret_arn]
    }
  }

  dynamic "statement" {
    for_each = var.relay_ecr_repository == "" ? [] : [1]
    content {
      sid       = "PullImage"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
      resources = ["arn:${local.partition}:ecr:${var.region}:${local.account_id}:repository/${var.relay_ecr_repository}"]
    }
  }

  # AWS requires "*" for the registry's login token.
  dynamic "statement" {
    for_each = var.relay_ecr_repository == "" ? [] : [1]
    content {
      sid       = "RegistryToken"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }
}

# The relay's own calls: uploads from away straight to S3 (presigned by it) and their completion.
resource "aws_iam_role" "relay_task" {
  name               = "${local.name}-relay-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy" "relay_task" {
  name   = "relay-media"
  role   = aws_iam_role.relay_task.id
  policy = data.aws_iam_policy_document.relay_task.json
}

data "aws_iam_policy_document" "relay_task" {
  statement {
    sid       = "MediaObjects"
    actions   = local.media_object_actions
    resources = [local.media_objects]
  }

  statement {
    sid       = "MediaBucket"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.media.arn]
  }
}
