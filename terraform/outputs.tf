output "iot_endpoint" {
  description = "The MQTT endpoint boxes and the relay connect to (ssl://<this>:8883, Amazon Root CA 1)."
  value       = data.aws_iot_endpoint.data.endpoint_address
}

output "box_certificates" {
  description = "Per device id, the certificate IoT Core signed from the box's request (public; copy it to the box) and its id."
  value = {
    for id, cert in aws_iot_certificate.box : id => {
      certificate_id  = cert.id
      certificate_pem = cert.certificate_pem
    }
  }
}

output "relay_certificate_pem" {
  description = "The relay's certificate, signed from relay_csr_file (empty without one)."
  value       = length(aws_iot_certificate.relay) == 0 ? "" : aws_iot_certificate.relay[0].certificate_pem
}

output "relay_load_balancer_dns" {
  description = "Point relay_domain (a CNAME or alias record) at this name."
  value       = aws_lb.relay.dns_name
}

output "relay_url" {
  description = "Where a paired phone opens a box: <relay_url>/boxes/<device_id>/."
  value       = "https://${var.relay_domain}"
}

output "media_bucket" {
  description = "The media bucket (OMB_S3_BUCKET)."
  value       = aws_s3_bucket.media.id
}

output "database_endpoint" {
  description = "The PostgreSQL cluster's writer endpoint (private subnets only)."
  value       = aws_rds_cluster.main.endpoint
}

output "database_secret_arn" {
  description = "The Secrets Manager secret holding the database master password (made by RDS; read it with the AWS CLI when needed)."
  value       = local.db_secret_arn
}

output "functions" {
  description = "Per routed topic, the function name and the bean it runs."
  value = {
    for key, f in aws_lambda_function.device : local.device_functions[key].topic => {
      function   = f.function_name
      definition = local.device_functions[key].definition
    }
  }
}

output "failed_messages_queue_url" {
  description = "The queue of device messages a rule or function failed on."
  value       = aws_sqs_queue.failed_device_messages.url
}
