variable "region" {
  description = "AWS region for everything (IoT Core, Lambda, S3, the database, the relay)."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Short name of this deployment, part of every resource name (omb-<environment>-...)."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z0-9-]{1,12}$", var.environment))
    error_message = "environment must be 1 to 12 characters of a-z, 0-9 and -."
  }
}

variable "boxes" {
  description = <<-EOT
    One entry per box: device_id (becomes the IoT thing name and must be the box's MQTT client id, 1 to 64
    characters of [A-Za-z0-9_-], docs/mqtt.md) and csr_file, the path (relative to this directory) of the
    certificate signing request the box made from its own key. The private key never leaves the box.
  EOT
  type = list(object({
    device_id = string
    csr_file  = string
  }))
  default = []

  validation {
    condition     = alltrue([for b in var.boxes : can(regex("^[A-Za-z0-9_-]{1,64}$", b.device_id))])
    error_message = "Every device_id must be 1 to 64 characters of [A-Za-z0-9_-] (shared-model Topics)."
  }
}

variable "relay_csr_file" {
  description = "Path (relative to this directory) of the relay's certificate signing request; its key stays with the operator (README, The relay's certificate). Empty: no relay certificate."
  type        = string
  default     = ""
}

variable "relay_key_secret_arn" {
  description = "ARN of a Secrets Manager secret whose value is the relay's private key as PEM text (the key of relay_csr_file), stored by the operator (README, The relay's certificate). ECS hands it to the task as OMB_MQTT_CLIENT_KEY; it is in neither these files nor the state. Set it together with relay_csr_file."
  type        = string
  default     = ""

  validation {
    condition     = var.relay_key_secret_arn == "" || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.relay_key_secret_arn))
    error_message = "relay_key_secret_arn must be a Secrets Manager secret ARN, or empty."
  }
}

variable "lambda_jar" {
  description = "The Lambda package built by mvn install: cloud-functions/target/cloud-functions-aws.jar."
  type        = string
  default     = "../cloud-functions/target/cloud-functions-aws.jar"
}

variable "lambda_memory_mb" {
  description = "Memory of each function (CPU grows with it); 1024 MB starts Spring in a few seconds before SnapStart."
  type        = number
  default     = 1024
}

variable "relay_image" {
  description = "Container image of the relay: a JRE 17+ image holding cloud-functions.jar (the Boot jar), run with --spring.profiles.active=relay."
  type        = string
}

variable "relay_ecr_repository" {
  description = "Name of the ECR repository relay_image comes from, so the task may pull it; empty when the image is public."
  type        = string
  default     = ""
}

variable "relay_count" {
  description = "Number of relay tasks behind the load balancer (the relay keeps no durable state)."
  type        = number
  default     = 2
}

variable "relay_certificate_arn" {
  description = "ARN of the ACM certificate for relay_domain, used by the load balancer's HTTPS listener."
  type        = string
}

variable "relay_domain" {
  description = "Host name phones use for the relay (https://<relay_domain>/boxes/<device_id>/); point a DNS record at the load balancer. Also the origin the media bucket's CORS allows."
  type        = string
}

variable "vpc_cidr" {
  description = "Address range of the VPC; split into two public and two private subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "db_username" {
  description = "Master user name of the PostgreSQL cluster (not secret); its password is made and kept by RDS in Secrets Manager."
  type        = string
  default     = "omb"
}

variable "db_min_acu" {
  description = "Smallest Aurora Serverless v2 capacity (ACU); 0.5 is the cheapest that stays up."
  type        = number
  default     = 0.5
}

variable "db_max_acu" {
  description = "Largest Aurora Serverless v2 capacity (ACU)."
  type        = number
  default     = 2
}

variable "db_deletion_protection" {
  description = "Refuse to destroy the database cluster (turn off only to tear a trial down)."
  type        = bool
  default     = true
}

variable "media_bucket_name" {
  description = "Name of the S3 bucket for media (globally unique)."
  type        = string
}

variable "incoming_expiry_days" {
  description = "Days after which files under incoming/ (uploads not turned into tracks) are deleted."
  type        = number
  default     = 7
}

variable "multipart_abort_days" {
  description = "Days after which an unfinished multipart upload is aborted and its parts deleted."
  type        = number
  default     = 2
}

variable "log_retention_days" {
  description = "How long the functions' and the relay's logs are kept."
  type        = number
  default     = 30
}
