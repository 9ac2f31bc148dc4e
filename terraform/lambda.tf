# One Lambda function per device topic the cloud handles as a function: the same jar, a different
# spring.cloud.function.definition (a bean of cloud-functions config/FunctionsConfiguration). The IoT
# topic rules in iot.tf invoke each through its "live" alias, which points at a SnapStart version.

locals {
  function_invoker = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest"

  # key: part of the function's name; topic: the TopicKind suffix the rule routes; definition: the bean. A rule
  # drops what a function returns, so each bean sends its answer to the box itself, through IoT Core's data plane
  # (the answer* beans wrap applyLibraryChanges, readSyncLog, mediaUrls and the MQTT binding's sync/changes
  # handling; processUpload publishes its own).
  device_functions = {
    library-changes = { topic = "library/changes", definition = "answerLibraryChanges" }
    sync-changes    = { topic = "sync/changes", definition = "answerSyncChanges" }
    sync-pull       = { topic = "sync/pull", definition = "answerSyncPull" }
    media-requests  = { topic = "media/requests", definition = "answerMediaRequest" }
    uploads-ready   = { topic = "uploads/ready", definition = "processUpload" }
  }

  # The cloud-to-device topics (TopicKind) those functions publish on: the answers above, errors (a message a
  # handler refused, MessageRejected), and commands (sync_now after an upload added a track). iam.tf allows
  # iot:Publish on exactly these, for any box; the test checks both against the code.
  function_answer_topics = [
    "library/acks",
    "sync/acks",
    "sync/log",
    "media/urls",
    "uploads/results",
    "errors",
    "commands",
  ]

  # Device-to-cloud topics with no function to route to, and why (README, What is not covered). The test
  # checks that every device-to-cloud topic of TopicKind is either routed above or named here.
  device_topics_not_routed = {
    "youtube/requests" = "requestYoutube answers at once and downloads afterwards, which a frozen Lambda never does"
    "commands/replies" = "no function bean: the MQTT binding only logs replies; the relay reads its own on commands/replies/<relay_id>"
    "presence"         = "no function bean: the MQTT binding records presence through the store itself"
    "remote/phones"    = "read by the relay over its own subscription; no cloud function handles it"
  }
}

resource "aws_s3_object" "lambda_jar" {
  bucket = aws_s3_bucket.artifacts.id
  key    = "cloud-functions-aws-${filemd5(var.lambda_jar)}.jar"
  source = var.lambda_jar
  etag   = filemd5(var.lambda_jar)
}

resource "aws_cloudwatch_log_group" "functions" {
  for_each          = local.device_functions
  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "device" {
  for_each = local.device_functions

  function_name    = "${local.name}-${each.key}"
  description      = "omb/v1/devices/+/${each.value.topic} -> ${each.value.definition}"
  role             = aws_iam_role.functions.arn
  runtime          = "java21"
  architectures    = ["arm64"]
  handler          = local.function_invoker
  s3_bucket        = aws_s3_object.lambda_jar.bucket
  s3_key           = aws_s3_object.lambda_jar.key
  source_code_hash = filebase64sha256(var.lambda_jar)
  memory_size      = var.lambda_memory_mb
  timeout          = 60
  publish          = true

  # Spring's start is taken once per version and restored from the snapshot; the app closes its database
  # connections before the snapshot and opens new ones after each restore (README, SnapStart).
  snap_start {
    apply_on = "PublishedVersions"
  }

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.lambda.id]
  }

  # No password here: the app reads the login from the secret RDS keeps it in (OMB_DB_SECRET_ARN), through the
  # Secrets Manager endpoint in network.tf. Answers go to the boxes through IoT Core's data plane (OMB_IOT_ENDPOINT,
  # the account's ATS endpoint, which resolves to the VPC endpoint in network.tf). One invocation at a time per
  # instance needs few connections, and many instances share the database. sync_now goes out at once: a function
  # is frozen when it returns, so a delayed command would wait for its next call.
  environment {
    variables = {
      SPRING_CLOUD_FUNCTION_DEFINITION = each.value.definition
      MAIN_CLASS                       = "org.openmusicbox.cloud.CloudApplication"
      OMB_MQTT_ENABLED                 = "false"
      OMB_IOT_ENDPOINT                 = data.aws_iot_endpoint.data.endpoint_address
      OMB_DB_SECRET_ARN                = local.db_secret_arn
      SPRING_R2DBC_URL                 = local.r2dbc_url
      SPRING_R2DBC_POOL_INITIAL_SIZE   = "1"
      SPRING_R2DBC_POOL_MAX_SIZE       = "4"
      OMB_SYNC_SYNC_NOW_WINDOW         = "0s"
      OMB_S3_BUCKET                    = aws_s3_bucket.media.id
      OMB_S3_REGION                    = var.region
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.functions,
    aws_iam_role_policy.functions,
    aws_vpc_endpoint.secretsmanager,
    aws_route53_record.iot_data,
  ]
}

resource "aws_lambda_alias" "live" {
  for_each         = local.device_functions
  name             = "live"
  function_name    = aws_lambda_function.device[each.key].function_name
  function_version = aws_lambda_function.device[each.key].version
}

resource "aws_lambda_permission" "iot_rule" {
  for_each       = local.device_functions
  statement_id   = "AllowTopicRule"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.device[each.key].function_name
  qualifier      = aws_lambda_alias.live[each.key].name
  principal      = "iot.amazonaws.com"
  source_arn     = aws_iot_topic_rule.device[each.key].arn
  source_account = local.account_id
}

# A rule invokes its function asynchronously: a function that still fails after Lambda's two retries sends
# the message, with the error, to the same queue as a failed rule action.
resource "aws_lambda_function_event_invoke_config" "device" {
  for_each                     = local.device_functions
  function_name                = aws_lambda_function.device[each.key].function_name
  qualifier                    = aws_lambda_alias.live[each.key].name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failed_device_messages.arn
    }
  }
}
