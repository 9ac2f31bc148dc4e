# Device messages that could not be handed to a function (a failed topic rule action) or that a function
# failed on after Lambda's own retries land here, for an operator to look at and replay (README, Failed
# messages). Kept 14 days, the most SQS allows.

resource "aws_sqs_queue" "failed_device_messages" {
  name                      = "${local.name}-failed-device-messages"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}
