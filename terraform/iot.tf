# IoT Core: one thing per box, its certificate signed from the box's own request (the key stays on the
# box: aws_iot_certificate with a csr keeps no private key in the state), one policy that limits every box
# to its own topics through the thing-name policy variable, and the rules that route device topics to the
# functions. Topic names follow shared-model TopicKind (docs/mqtt.md); terraform/test checks them.

locals {
  boxes = { for b in var.boxes : b.device_id => b }

  iot_arn = "arn:${local.partition}:iot:${var.region}:${local.account_id}"
  # $${...} is Terraform's escape: the policy holds the IoT variable ${iot:Connection.Thing.ThingName}.
  thing       = "$${iot:Connection.Thing.ThingName}"
  box_topic   = "${local.iot_arn}:topic/omb/v1/devices/${local.thing}"
  box_filter  = "${local.iot_arn}:topicfilter/omb/v1/devices/${local.thing}"
  any_topic   = "${local.iot_arn}:topic/omb/v1/devices/*"
  any_filter  = "${local.iot_arn}:topicfilter/omb/v1/devices/+"
  rule_prefix = replace(local.name, "-", "_")
}

data "aws_iot_endpoint" "data" {
  endpoint_type = "iot:Data-ATS"
}

resource "aws_iot_thing" "box" {
  for_each = local.boxes
  name     = each.key
}

resource "aws_iot_certificate" "box" {
  for_each = local.boxes
  csr      = file("${path.module}/${each.value.csr_file}")
  active   = true
}

resource "aws_iot_thing_principal_attachment" "box" {
  for_each  = local.boxes
  thing     = aws_iot_thing.box[each.key].name
  principal = aws_iot_certificate.box[each.key].arn
}

resource "aws_iot_policy" "box" {
  name   = "${local.name}-box"
  policy = data.aws_iam_policy_document.box.json
}

resource "aws_iot_policy_attachment" "box" {
  for_each = local.boxes
  policy   = aws_iot_policy.box.name
  target   = aws_iot_certificate.box[each.key].arn
}

data "aws_iam_policy_document" "box" {
  # A box connects only under its own thing's name (its device id), with the certificate attached to it.
  statement {
    sid       = "ConnectAsItsThing"
    actions   = ["iot:Connect"]
    resources = ["${local.iot_arn}:client/${local.thing}"]

    condition {
      test     = "Bool"
      variable = "iot:Connection.Thing.IsAttached"
      values   = ["true"]
    }
  }

  # Device-to-cloud topics (TopicKind.fromDevice()), including the two it sends the relay.
  statement {
    sid     = "PublishItsOwn"
    actions = ["iot:Publish"]
    resources = [
      "${local.box_topic}/library/changes",
      "${local.box_topic}/sync/changes",
      "${local.box_topic}/sync/pull",
      "${local.box_topic}/uploads/ready",
      "${local.box_topic}/media/requests",
      "${local.box_topic}/youtube/requests",
      "${local.box_topic}/commands/replies",
      "${local.box_topic}/presence",
      "${local.box_topic}/remote/phones",
      "${local.box_topic}/commands/replies/*",
      "${local.box_topic}/remote/state",
    ]
  }

  # presence (also its last will) and remote/phones are retained.
  statement {
    sid     = "RetainItsOwn"
    actions = ["iot:RetainPublish"]
    resources = [
      "${local.box_topic}/presence",
      "${local.box_topic}/remote/phones",
    ]
  }

  # Cloud-to-device topics, and the relays' viewer counts (one level: remote/viewers/+).
  statement {
    sid     = "SubscribeItsOwn"
    actions = ["iot:Subscribe"]
    resources = [
      "${local.box_filter}/library/acks",
      "${local.box_filter}/sync/acks",
      "${local.box_filter}/sync/log",
      "${local.box_filter}/uploads/results",
      "${local.box_filter}/media/urls",
      "${local.box_filter}/youtube/progress",
      "${local.box_filter}/youtube/complete",
      "${local.box_filter}/youtube/error",
      "${local.box_filter}/commands",
      "${local.box_filter}/errors",
      "${local.box_filter}/remote/viewers/+",
    ]
  }

  statement {
    sid     = "ReceiveItsOwn"
    actions = ["iot:Receive"]
    resources = [
      "${local.box_topic}/library/acks",
      "${local.box_topic}/sync/acks",
      "${local.box_topic}/sync/log",
      "${local.box_topic}/uploads/results",
      "${local.box_topic}/media/urls",
      "${local.box_topic}/youtube/progress",
      "${local.box_topic}/youtube/complete",
      "${local.box_topic}/youtube/error",
      "${local.box_topic}/commands",
      "${local.box_topic}/errors",
      "${local.box_topic}/remote/viewers/*",
    ]
  }
}

# The relay: client id omb-relay-<relay_id>, a fresh relay_id at each start, so the id level is a wildcard.
# It sends boxes commands and viewer counts and reads replies, mirrors, phone lists and presence
# (Topics.relaySubscriptions); it never publishes on a box's own topics.
resource "aws_iot_certificate" "relay" {
  count  = var.relay_csr_file == "" ? 0 : 1
  csr    = file("${path.module}/${var.relay_csr_file}")
  active = true
}

resource "aws_iot_policy" "relay" {
  name   = "${local.name}-relay"
  policy = data.aws_iam_policy_document.relay.json
}

resource "aws_iot_policy_attachment" "relay" {
  count  = length(aws_iot_certificate.relay)
  policy = aws_iot_policy.relay.name
  target = aws_iot_certificate.relay[count.index].arn
}

data "aws_iam_policy_document" "relay" {
  statement {
    sid       = "ConnectAsARelay"
    actions   = ["iot:Connect"]
    resources = ["${local.iot_arn}:client/omb-relay-*"]
  }

  statement {
    sid     = "PublishToBoxes"
    actions = ["iot:Publish"]
    resources = [
      "${local.any_topic}/commands",
      "${local.any_topic}/remote/viewers/*",
    ]
  }

  statement {
    sid       = "RetainViewerCounts"
    actions   = ["iot:RetainPublish"]
    resources = ["${local.any_topic}/remote/viewers/*"]
  }

  statement {
    sid     = "SubscribeToBoxes"
    actions = ["iot:Subscribe"]
    resources = [
      "${local.any_filter}/commands/replies/*",
      "${local.any_filter}/remote/state",
      "${local.any_filter}/remote/phones",
      "${local.any_filter}/presence",
    ]
  }

  statement {
    sid     = "ReceiveFromBoxes"
    actions = ["iot:Receive"]
    resources = [
      "${local.any_topic}/commands/replies/*",
      "${local.any_topic}/remote/state",
      "${local.any_topic}/remote/phones",
      "${local.any_topic}/presence",
    ]
  }
}

# One rule per routed topic. The WHERE clause drops a message whose device_id is not the topic's device:
# the policy stops a box publishing on another's topic, and this stops it speaking for another in the body
# (the MQTT binding makes the same check; a Lambda function does not).
resource "aws_iot_topic_rule" "device" {
  for_each    = local.device_functions
  name        = "${local.rule_prefix}_${replace(each.key, "-", "_")}"
  description = "omb/v1/devices/+/${each.value.topic} to the ${each.value.definition} function"
  enabled     = true
  sql         = "SELECT * FROM 'omb/v1/devices/+/${each.value.topic}' WHERE device_id = topic(4)"
  sql_version = "2016-03-23"

  lambda {
    function_arn = aws_lambda_alias.live[each.key].arn
  }

  error_action {
    sqs {
      queue_url  = aws_sqs_queue.failed_device_messages.url
      role_arn   = aws_iam_role.iot_rules.arn
      use_base64 = false
    }
  }
}
