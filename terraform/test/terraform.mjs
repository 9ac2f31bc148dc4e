// The Terraform files as JSON (@cdktf/hcl2json, the HCL parser Terraform itself uses, compiled to WebAssembly),
// and a small resolver for the references the checks need: local.*, var.* (defaults) and each.key/each.value.*.
// Anything else (data sources, functions, attributes known only after apply) becomes <expression>.
import { parse } from '@cdktf/hcl2json';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const terraformDir = process.env.OMB_TERRAFORM_DIR ?? new URL('../', import.meta.url).pathname;

export async function loadTerraform(dir = terraformDir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  const merged = { files: {}, locals: {}, variable: {}, resource: {}, data: {} };
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    let json;
    try {
      json = await parse(file, text);
    } catch (e) {
      throw new Error(`${file} is not valid HCL: ${e.message ?? e}`);
    }
    merged.files[file] = { text, json };
    for (const block of json.locals ?? []) Object.assign(merged.locals, block);
    for (const [name, [v]] of Object.entries(json.variable ?? {})) merged.variable[name] = v;
    for (const kind of ['resource', 'data']) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        merged[kind][type] ??= {};
        for (const [name, [body]] of Object.entries(byName)) {
          if (merged[kind][type][name]) throw new Error(`${kind} ${type}.${name} is declared twice`);
          merged[kind][type][name] = body;
        }
      }
    }
  }
  return merged;
}

const ESCAPED = '\u0000';

/** A string with its simple references replaced; $${...} (Terraform's escape) comes out as ${...}. */
export function resolve(tf, value, each = undefined, depth = 0) {
  if (typeof value !== 'string') return value;
  if (depth > 10) throw new Error(`References nest too deep in ${value}`);
  const whole = value.match(/^\$\{([^{}]+)\}$/);
  if (whole) {
    const found = lookup(tf, whole[1].trim(), each);
    if (found !== undefined && typeof found !== 'string') return found;
  }
  const out = value
    .replaceAll('$${', ESCAPED)
    .replace(/\$\{([^{}]+)\}/g, (_, expr) => {
      const found = lookup(tf, expr.trim(), each);
      return typeof found === 'string' ? resolve(tf, found, each, depth + 1).replaceAll('${', ESCAPED) : `<${expr.trim()}>`;
    });
  return out.replaceAll(ESCAPED, '${');
}

function lookup(tf, expr, each) {
  const path = expr.split('.');
  let v;
  if (path[0] === 'local') v = tf.locals;
  else if (path[0] === 'var') v = Object.fromEntries(Object.entries(tf.variable).map(([k, d]) => [k, d.default]));
  else if (path[0] === 'each' && each) v = { key: each.key, value: each.value };
  else return undefined;
  for (const p of path.slice(1)) {
    if (v === undefined || v === null || !/^[\w-]+$/.test(p)) return undefined;
    v = v[p];
  }
  return v;
}

/** One copy of a resource per for_each entry (resolved through locals), or the resource alone. */
export function instances(tf, body) {
  if (body.for_each === undefined) return [{ key: null, body, each: undefined }];
  const map = resolve(tf, body.for_each);
  if (typeof map !== 'object' || map === null) {
    throw new Error(`for_each ${body.for_each} does not resolve to a map this test can read`);
  }
  return Object.entries(map).map(([key, value]) => ({ key, body, each: { key, value } }));
}

/** The statements of an aws_iam_policy_document, dynamic ones included, with actions and resources resolved. */
export function statements(tf, doc) {
  const plain = doc.statement ?? [];
  const dynamic = [doc.dynamic ?? []].flat().flatMap((d) => (d.statement ?? []).flatMap((s) => s.content ?? []));
  return [...plain, ...dynamic].map((s) => ({
    sid: s.sid ?? '(no sid)',
    effect: s.effect ?? 'Allow',
    actions: [resolve(tf, s.actions)].flat().map((a) => resolve(tf, a)),
    resources: [resolve(tf, s.resources ?? [])].flat().flatMap((r) => [resolve(tf, r)].flat()),
    principals: s.principals ?? [],
  }));
}

/** The name of the aws_iam_policy_document a "${data.aws_iam_policy_document.X.json}" refers to. */
export function documentName(reference) {
  const m = String(reference).match(/^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/);
  return m ? m[1] : null;
}
