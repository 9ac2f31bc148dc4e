// The Terraform parsed to JSON and checked against the code: functions name beans that exist, every IoT
// topic follows shared-model TopicKind, policies grant nothing wide, and no secret sits in the files.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { answeredBeans, functionBeans, topicKinds } from './code.mjs';
import { loadTerraform, resolve, instances, statements, documentName } from './terraform.mjs';

const INVOKER = 'org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest';
const THING = '${iot:Connection.Thing.ThingName}';
// The only actions AWS cannot scope to a resource; a "*" resource is allowed for these alone (iam.tf).
const STAR_RESOURCE_ACTIONS = new Set([
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'ecr:GetAuthorizationToken',
]);

// What the functions' environment must point at: the account's ATS data endpoint and the secret RDS keeps.
const IOT_ENDPOINT = '${data.aws_iot_endpoint.data.endpoint_address}';
const DB_SECRET = '<aws_rds_cluster.main.master_user_secret[0].secret_arn>';

let tf;
let beans;
let answered;
let kinds;
before(async () => {
  tf = await loadTerraform();
  beans = functionBeans();
  answered = answeredBeans();
  kinds = topicKinds();
});

const resources = (type) => Object.entries(tf.resource[type] ?? {});
const iotDocuments = () =>
  resources('aws_iot_policy').map(([name, body]) => {
    const doc = documentName(body.policy);
    assert.ok(doc, `aws_iot_policy.${name} must take its policy from an aws_iam_policy_document`);
    return [doc, statements(tf, tf.data.aws_iam_policy_document[doc])];
  });

/** A policy resource's topic after omb/v1/devices/: { device, suffix, relay } or a failure message. */
function topicOf(arn) {
  const m = arn.match(/:(topic|topicfilter)\/omb\/v1\/devices\/([^/]+)\/(.+)$/);
  if (!m) return { error: `${arn} is not an omb/v1/devices/<thing>/<suffix> topic` };
  const [, , device, rest] = m;
  const plain = kinds.find((k) => !k.relayLevel && k.suffix === rest);
  if (plain) return { device, kind: plain };
  const relayed = kinds.find((k) => k.relayLevel && rest.startsWith(`${k.suffix}/`));
  if (relayed && ['+', '*'].includes(rest.slice(relayed.suffix.length + 1))) return { device, kind: relayed };
  return { error: `${arn}: "${rest}" is no TopicKind suffix (with a + or * relay level where it has one)` };
}

test('every .tf file parses as HCL, and the provider is pinned', () => {
  assert.ok(Object.keys(tf.files).length >= 10, `only ${Object.keys(tf.files)} found`);
  const pinned = Object.values(tf.files).some((f) => /source\s*=\s*"hashicorp\/aws"[\s\S]*?version\s*=\s*"~>\s*\d+\.\d+"/.test(f.text));
  assert.ok(pinned, 'the aws provider must be pinned with a ~> version');
});

test('the code read by this test has what the test relies on', () => {
  assert.ok(beans.has('readSyncLog') && beans.has('mediaUrls'), [...beans.keys()].join(', '));
  assert.ok(!beans.has('syncNow'), 'syncNow is a bean but no function');
  assert.ok(kinds.some((k) => k.suffix === 'sync/changes' && k.fromDevice));
  assert.deepEqual(answered.get('answerSyncPull'), { askedOn: 'SYNC_PULL', answerOn: 'SYNC_LOG' });
  assert.equal(tf.data.aws_iot_endpoint?.data?.endpoint_type, 'iot:Data-ATS', 'data.aws_iot_endpoint.data');
});

test('every Lambda runs the FunctionInvoker with a function bean that exists, SnapStart on', () => {
  const functions = resources('aws_lambda_function');
  assert.ok(functions.length > 0, 'no aws_lambda_function');
  for (const [name, body] of functions) {
    for (const { key, each } of instances(tf, body)) {
      const where = `aws_lambda_function.${name}[${key}]`;
      assert.equal(resolve(tf, body.handler, each), INVOKER, `${where} handler`);
      assert.match(String(resolve(tf, body.runtime, each)), /^java(17|21)$/, `${where} runtime`);
      const env = body.environment?.[0]?.variables ?? {};
      const definition = resolve(tf, env.SPRING_CLOUD_FUNCTION_DEFINITION, each);
      assert.ok(beans.has(definition), `${where}: ${definition} is not a function bean of FunctionsConfiguration`);
      assert.equal(resolve(tf, env.OMB_MQTT_ENABLED, each), 'false', `${where}: no broker client on Lambda`);
      assert.equal(body.snap_start?.[0]?.apply_on, 'PublishedVersions', `${where} SnapStart`);
      assert.equal(env.OMB_IOT_ENDPOINT, IOT_ENDPOINT, `${where}: answers go through the account's data endpoint`);
      assert.equal(resolve(tf, env.OMB_DB_SECRET_ARN, each), DB_SECRET, `${where}: the login from the RDS secret`);
      for (const variable of Object.keys(env)) {
        // A secret's ARN names where the password is kept; the password itself never sits in the environment.
        if (variable.endsWith('_SECRET_ARN')) continue;
        assert.doesNotMatch(variable, /PASSWORD|SECRET|KEY/, `${where} must not carry ${variable}`);
      }
    }
  }
});

test('every topic rule reads one device-to-cloud topic of TopicKind, checks the device id, and has a queue for errors', () => {
  const routed = new Set();
  for (const [name, body] of resources('aws_iot_topic_rule')) {
    for (const { key, each } of instances(tf, body)) {
      const where = `aws_iot_topic_rule.${name}[${key}]`;
      const sql = resolve(tf, body.sql, each);
      const m = sql.match(/FROM '([^']+)'/);
      assert.ok(m, `${where}: no FROM '<topic>' in ${sql}`);
      const topic = m[1].match(/^omb\/v1\/devices\/\+\/(.+)$/);
      assert.ok(topic, `${where}: ${m[1]} is not omb/v1/devices/+/<suffix>`);
      const kind = kinds.find((k) => k.suffix === topic[1] && !k.relayLevel);
      assert.ok(kind, `${where}: ${topic[1]} is no TopicKind suffix`);
      assert.ok(kind.fromDevice && !kind.forRelay, `${where}: ${topic[1]} is not a device-to-cloud topic`);
      assert.match(sql, /WHERE device_id = topic\(4\)/, `${where} must drop a message naming another device`);
      assert.ok(body.error_action?.[0]?.sqs?.[0]?.queue_url, `${where}: no SQS error action`);
      assert.match(body.lambda?.[0]?.function_arn ?? '', /aws_lambda_(alias|function)\./, `${where}: no function`);
      routed.add(topic[1]);
    }
  }
  const notRouted = tf.locals.device_topics_not_routed ?? {};
  for (const kind of kinds.filter((k) => k.fromDevice && !k.forRelay)) {
    const reason = notRouted[kind.suffix];
    assert.ok(
      routed.has(kind.suffix) !== Boolean(reason),
      `${kind.suffix} must be either routed by a rule or named, with its reason, in local.device_topics_not_routed`,
    );
  }
  for (const suffix of Object.keys(notRouted)) {
    assert.ok(kinds.some((k) => k.suffix === suffix), `device_topics_not_routed names ${suffix}, no TopicKind`);
  }
});

test('the box policy gives each box exactly its own topics of TopicKind through the thing-name variable', () => {
  const [, box] = iotDocuments().find(([doc]) => doc === 'box') ?? [];
  assert.ok(box, 'no aws_iot_policy from data.aws_iam_policy_document.box');
  const granted = (action) =>
    box.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
  assert.deepEqual(granted('iot:Connect').map((r) => r.replace(/^.*:client\//, '')), [THING]);
  const suffixes = (action, topicType) =>
    granted(action).map((arn) => {
      assert.ok(arn.includes(`:${topicType}/`), `${action} on ${arn} must be a ${topicType}`);
      const t = topicOf(arn);
      assert.ok(!t.error, t.error);
      assert.equal(t.device, THING, `${arn}: a box reaches only its own thing's topics`);
      return t.kind.relayLevel ? `${t.kind.suffix}/+` : t.kind.suffix;
    }).sort();
  const expect = (fromDevice) =>
    kinds.filter((k) => k.fromDevice === fromDevice).map((k) => (k.relayLevel ? `${k.suffix}/+` : k.suffix)).sort();
  assert.deepEqual(suffixes('iot:Publish', 'topic'), expect(true));
  assert.deepEqual(suffixes('iot:Subscribe', 'topicfilter'), expect(false));
  assert.deepEqual(suffixes('iot:Receive', 'topic'), expect(false));
});

test('the relay policy sends boxes only cloud-to-device topics and reads only device-to-cloud ones', () => {
  for (const [doc, sts] of iotDocuments().filter(([d]) => d !== 'box')) {
    for (const s of sts) {
      for (const arn of s.resources) {
        if (s.actions.every((a) => a === 'iot:Connect')) {
          assert.match(arn, /:client\/[\w-]+\*?$/, `${doc}: connect as a named client, not ${arn}`);
          continue;
        }
        const t = topicOf(arn);
        assert.ok(!t.error, `${doc}: ${t.error}`);
        const publishes = s.actions.some((a) => a === 'iot:Publish' || a === 'iot:RetainPublish');
        assert.equal(t.kind.fromDevice, !publishes, `${doc} ${s.sid}: ${arn} goes the wrong way`);
      }
    }
  }
});

test('no policy grants iot:*, a service wildcard, or "*" resources beyond what AWS requires', () => {
  for (const [doc, body] of Object.entries(tf.data.aws_iam_policy_document)) {
    for (const s of statements(tf, body)) {
      for (const action of s.actions) {
        assert.ok(!action.includes('*'), `${doc} ${s.sid}: wildcard action ${action}`);
      }
      if (s.resources.includes('*')) {
        const wide = s.actions.filter((a) => !STAR_RESOURCE_ACTIONS.has(a));
        assert.deepEqual(wide, [], `${doc} ${s.sid}: "*" resource for ${wide}`);
      }
      for (const arn of s.resources) {
        assert.doesNotMatch(arn, /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/, `${doc} ${s.sid}: every resource of a service (${arn})`);
      }
    }
  }
});

test('no secret, private key or generated password in the files or the state', () => {
  for (const [file, { text }] of Object.entries(tf.files)) {
    assert.doesNotMatch(text, /-----BEGIN|PRIVATE KEY/, `${file} holds key material`);
    assert.doesNotMatch(text, /AKIA[0-9A-Z]{16}/, `${file} holds an access key id`);
    assert.doesNotMatch(text, /(password|secret_key|secret)\s*=\s*"[^"$]+"/i, `${file} holds a literal secret`);
  }
  // These put a secret or a private key into the Terraform state.
  for (const type of ['tls_private_key', 'random_password', 'aws_secretsmanager_secret_version', 'aws_iam_access_key']) {
    assert.equal(resources(type).length, 0, `${type} keeps a secret in the state`);
  }
  for (const [name, body] of resources('aws_iot_certificate')) {
    assert.ok(body.csr, `aws_iot_certificate.${name} without a csr has AWS make the key and store it in the state`);
  }
  for (const [name, body] of [...resources('aws_rds_cluster'), ...resources('aws_db_instance')]) {
    assert.equal(body.manage_master_user_password, true, `${name}: the password must be kept by RDS in Secrets Manager`);
    assert.equal(body.master_password, undefined, `${name} sets master_password`);
  }
});

const functionsPolicy = () => {
  const role = resources('aws_iam_role_policy').find(([, body]) => body.role === '${aws_iam_role.functions.id}');
  assert.ok(role, 'no aws_iam_role_policy on the functions role');
  const doc = documentName(role[1].policy);
  return statements(tf, tf.data.aws_iam_policy_document[doc]);
};

test('the functions publish only on cloud-to-device topics of TopicKind, those their answers use', () => {
  const publish = functionsPolicy().filter((s) => s.actions.some((a) => a.startsWith('iot:')));
  assert.ok(publish.length > 0, 'the functions may not publish: their answers would not reach the boxes');
  const suffixes = [];
  for (const s of publish) {
    assert.deepEqual(s.actions, ['iot:Publish'], `${s.sid}: publish only, no retain, subscribe or connect`);
    for (const arn of s.resources) {
      assert.ok(arn.includes(':topic/'), `${s.sid}: ${arn} is not a topic`);
      const t = topicOf(arn);
      assert.ok(!t.error, `${s.sid}: ${t.error}`);
      assert.equal(t.device, '*', `${s.sid}: ${arn}: the functions answer any box, on its own topic`);
      assert.ok(!t.kind.fromDevice && !t.kind.relayLevel, `${s.sid}: ${arn} is not a cloud-to-device topic`);
      suffixes.push(t.kind.suffix);
    }
  }
  assert.deepEqual(suffixes.sort(), [...tf.locals.function_answer_topics].sort(), 'local.function_answer_topics');
  // Every routed function that answers through device.Answered needs its answer topic, and errors for a refusal.
  for (const [key, { definition }] of Object.entries(tf.locals.device_functions)) {
    const bean = answered.get(definition);
    if (!bean) continue;
    const answer = kinds.find((k) => k.name === bean.answerOn);
    assert.ok(suffixes.includes(answer.suffix), `${key}: ${definition} answers on ${answer.suffix}, not allowed`);
    assert.ok(suffixes.includes('errors'), `${key}: ${definition} answers a refused message on errors`);
    const asked = kinds.find((k) => k.name === bean.askedOn);
    assert.equal(asked.suffix, tf.locals.device_functions[key].topic, `${key}: ${definition} is for ${asked.suffix}`);
  }
  const routedAnswered = Object.values(tf.locals.device_functions).filter((f) => answered.has(f.definition));
  assert.ok(routedAnswered.length >= 3, 'the routed functions that return an answer must be answer* beans');
});

test('the database secret is read only by who needs it, and only that secret', () => {
  const fromFunctions = functionsPolicy().filter((s) => s.actions.some((a) => a.startsWith('secretsmanager:')));
  assert.deepEqual(
    fromFunctions.map((s) => [s.actions, s.resources]),
    [[['secretsmanager:GetSecretValue'], [DB_SECRET]]],
    'the functions read the database secret and nothing else of Secrets Manager',
  );
  for (const [doc, body] of Object.entries(tf.data.aws_iam_policy_document)) {
    for (const s of statements(tf, body).filter((st) => st.actions.some((a) => a.startsWith('secretsmanager:')))) {
      // The relay's own key, checked in its own test below.
      if (doc === 'relay_execution' && s.sid === 'RelayKey') continue;
      assert.deepEqual(s.resources, [DB_SECRET], `${doc} ${s.sid}: only the database secret`);
    }
  }
});

test('the private subnets reach Secrets Manager and IoT data through interface endpoints, 443 from the functions', () => {
  assert.equal(resources('aws_nat_gateway').length, 0, 'no NAT gateway');
  const endpoints = Object.fromEntries(resources('aws_vpc_endpoint').map(([name, body]) => [resolve(tf, body.service_name), { name, body }]));
  const secrets = endpoints['com.amazonaws.eu-west-1.secretsmanager'];
  const iotData = endpoints['com.amazonaws.eu-west-1.iot.data'];
  for (const [service, endpoint] of [['secretsmanager', secrets], ['iot.data', iotData]]) {
    assert.ok(endpoint, `no interface endpoint for ${service}`);
    assert.equal(endpoint.body.vpc_endpoint_type, 'Interface', `${service}`);
    assert.equal(endpoint.body.subnet_ids, '${aws_subnet.private[*].id}', `${service}: in the functions' subnets`);
  }
  assert.equal(secrets.body.private_dns_enabled, true, 'secretsmanager: the regional name resolves to the endpoint');
  // IoT Core offers no private DNS for its data endpoints: a private zone named after the account's ATS endpoint,
  // in this VPC, with its apex an alias of the endpoint, does the same for OMB_IOT_ENDPOINT.
  assert.equal(iotData.body.private_dns_enabled, false, 'iot.data: AWS does not offer private DNS for it');
  const [zoneName, zone] = resources('aws_route53_zone').find(([, z]) => z.name === IOT_ENDPOINT) ?? [];
  assert.ok(zone, `no private hosted zone named ${IOT_ENDPOINT}`);
  assert.equal(zone.vpc?.[0]?.vpc_id, '${aws_vpc.main.id}', 'the zone is private to the VPC');
  const record = resources('aws_route53_record').find(([, r]) => r.zone_id === `\${aws_route53_zone.${zoneName}.zone_id}`)?.[1];
  assert.ok(record, `no record in aws_route53_zone.${zoneName}`);
  assert.equal(record.name, IOT_ENDPOINT);
  assert.equal(record.type, 'A');
  assert.equal(record.alias?.[0]?.name, `\${aws_vpc_endpoint.${iotData.name}.dns_entry[0].dns_name}`);

  const groups = new Set([...secrets.body.security_group_ids, ...iotData.body.security_group_ids]);
  assert.equal(groups.size, 1, 'both endpoints in one security group');
  const group = [...groups][0].match(/^\$\{aws_security_group\.([\w-]+)\.id\}$/)?.[1];
  const rule = (type, sg, peer) =>
    resources(type).some(([, r]) =>
      r.security_group_id === `\${aws_security_group.${sg}.id}` &&
      r.referenced_security_group_id === `\${aws_security_group.${peer}.id}` &&
      r.ip_protocol === 'tcp' && r.from_port === 443 && r.to_port === 443);
  assert.ok(rule('aws_vpc_security_group_ingress_rule', group, 'lambda'), `${group}: 443 in from the functions`);
  assert.ok(rule('aws_vpc_security_group_egress_rule', 'lambda', group), `the functions: 443 out to ${group}`);
  for (const [name, r] of resources('aws_vpc_security_group_ingress_rule').filter(([, r]) => r.security_group_id === `\${aws_security_group.${group}.id}`)) {
    assert.ok(r.referenced_security_group_id, `${name}: the endpoints take traffic from a security group, not ${r.cidr_ipv4}`);
  }
});

test("the relay logs in with its certificate and a key ECS reads from a secret, never a plain variable", () => {
  const [[, task]] = resources('aws_ecs_task_definition').filter(([name]) => name === 'relay');
  const definitions = JSON.stringify(task.container_definitions);
  assert.match(definitions, /name\s*=\s*\\"OMB_MQTT_CLIENT_CERT\\",\s*value\s*=\s*aws_iot_certificate\.relay\[0\]\.certificate_pem/);
  assert.match(definitions, /name\s*=\s*\\"OMB_MQTT_CLIENT_KEY\\",\s*valueFrom\s*=\s*var\.relay_key_secret_arn/);
  assert.doesNotMatch(definitions, /name\s*=\s*\\"OMB_MQTT_CLIENT_KEY\\",\s*value\s*=/, 'the key as a plain value');
  const preconditions = JSON.stringify(task.lifecycle);
  assert.match(preconditions, /relay_csr_file.*relay_key_secret_arn/, 'certificate and key are set together');
  // Raw, before variables are resolved: which statements name the key's secret.
  const keyReaders = Object.entries(tf.data.aws_iam_policy_document).flatMap(([doc, body]) =>
    [body.dynamic ?? []]
      .flat()
      .flatMap((d) => (d.statement ?? []).flatMap((st) => st.content ?? []))
      .filter((st) => JSON.stringify(st.resources ?? '').includes('var.relay_key_secret_arn'))
      .map((st) => [doc, st.sid, st.actions, st.resources]),
  );
  assert.deepEqual(
    keyReaders,
    [['relay_execution', 'RelayKey', ['secretsmanager:GetSecretValue'], ['${var.relay_key_secret_arn}']]],
    'only the relay task pulls its key, and only that secret',
  );
});
