// What the Terraform must agree with, read from the code itself so the test follows it: the function beans of
// cloud-functions (FunctionsConfiguration) and the topic kinds of shared-model (TopicKind).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;
const cloudSources = join(repo, 'cloud-functions/src/main/java');

export const functionsConfiguration = join(cloudSources, 'org/openmusicbox/cloud/config/FunctionsConfiguration.java');
export const topicKindSource = join(
  repo,
  'shared-model/src/main/java/org/openmusicbox/protocol/v1/mqtt/TopicKind.java',
);

function javaFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? javaFiles(join(dir, e.name)) : e.name.endsWith('.java') ? [join(dir, e.name)] : [],
  );
}

/**
 * The beans of FunctionsConfiguration that are functions: name -> return type. A bean whose type is neither
 * Function<...> nor a class of cloud-functions that implements Function (SyncNow, CloudTracks) is left out,
 * since spring.cloud.function.definition cannot name it.
 */
export function functionBeans(source = readFileSync(functionsConfiguration, 'utf8')) {
  const implementers = new Set(
    javaFiles(cloudSources)
      .map((f) => readFileSync(f, 'utf8').match(/class (\w+)(?:<[^>]*>)? implements Function</))
      .filter(Boolean)
      .map((m) => m[1]),
  );
  const beans = new Map();
  for (const chunk of source.split('@Bean').slice(1)) {
    const m = chunk.replace(/^\([^)]*\)/, '').match(/^\s*([\w<>,.?\s[\]]+?)\s+(\w+)\s*\(/);
    if (!m) throw new Error(`A @Bean method this test cannot read: ${chunk.trim().slice(0, 80)}`);
    const [, type, name] = m;
    if (type.startsWith('Function<') || implementers.has(type)) beans.set(name, type);
  }
  return beans;
}

/** TopicKind's constants: suffix, fromDevice, forRelay, relayLevel. */
export function topicKinds(source = readFileSync(topicKindSource, 'utf8')) {
  const kinds = [];
  const re = /^\s*([A-Z_]+)\("([^"]+)",\s*(true|false),\s*[\w.]+\.class(?:,\s*(true|false),\s*(true|false))?\)/gm;
  for (const m of source.matchAll(re)) {
    kinds.push({
      name: m[1],
      suffix: m[2],
      fromDevice: m[3] === 'true',
      forRelay: m[4] === 'true',
      relayLevel: m[5] === 'true',
    });
  }
  if (kinds.length === 0) throw new Error(`No TopicKind constant read from ${topicKindSource}`);
  return kinds;
}

/**
 * The beans of FunctionsConfiguration that send their answer to the device themselves (device.Answered, for a caller
 * that drops the result, as an IoT rule does): name -> { askedOn, answerOn }, TopicKind constant names.
 */
export function answeredBeans(source = readFileSync(functionsConfiguration, 'utf8')) {
  const answered = new Map();
  for (const chunk of source.split('@Bean').slice(1)) {
    const name = chunk.replace(/^\([^)]*\)/, '').match(/^\s*[\w<>,.?\s[\]]+?\s+(\w+)\s*\(/)?.[1];
    const m = chunk.match(/new Answered<>\(\s*TopicKind\.([A-Z_]+),[\s\S]*?TopicKind\.([A-Z_]+),\s*\w+\)/);
    if (name && m) answered.set(name, { askedOn: m[1], answerOn: m[2] });
  }
  return answered;
}
