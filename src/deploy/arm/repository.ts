/**
 * Microsoft Sentinel Repositories: one template per item under `repository/` (AnalyticsRules/, Parsers/, Workbooks/),
 * each holding only the resource type its content type allows (the deploy script skips a template with any other),
 * `repository/sentinel-deployment.config`, and per workspace the parameter files the deploy script picks up by name.
 *
 * How a Repositories connection deploys (Azure-Sentinel's generated `azure-sentinel-deploy-<id>.ps1`, Microsoft Learn
 * "Customize repository deployments"): it walks the repository's `*.json` files (not `*.parameters*.json` or
 * `*metadata.json`), those in `prioritizedcontentfiles` first, none under a prefix in `excludecontentfiles`, and
 * deploys each with the `workspace` parameter and a parameter file: the one `parameterfilemappings[<workspaceId>]`
 * maps the template to, else `<template>.parameters-<workspaceId>.json`, else `<template>.parameters.json`.
 *
 * One repository serves many workspaces. The templates carry the build environment's values; where a workspace's
 * environment (any environment of content.config.yaml with a `workspaceId`) differs (a disabled rule, a severity or
 * threshold override, a query parameter such as an allow-list, a rule outside `rules.only`, which is deployed
 * disabled there), that property becomes a template parameter defaulting to the build's value, and
 * `<template>.parameters-<workspaceId>.json` gives that workspace's value. Parsers go first (rules may call them).
 */
import type { EnvironmentConfig } from '../config.ts';
import { DeployError } from '../errors.ts';
import { canonicalJson, slug } from '../ids.ts';
import type { DeployContent } from '../model.ts';
import { desiredResources, type DesiredResource } from '../resources.ts';
import { armResource, armScope, LOCATION_PARAM, PARAMS_SCHEMA, template, WORKSPACE_PARAM, type BuiltFile } from './arm-template.ts';

type Json = Record<string, unknown>;

const FOLDERS: Record<string, string> = { alertRules: 'AnalyticsRules', savedSearches: 'Parsers', workbooks: 'Workbooks' };

function armType(v: unknown): string {
  return typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'int' : Array.isArray(v) ? 'array' : v !== null && typeof v === 'object' ? 'object' : 'string';
}

export function repositoryFiles(content: DeployContent, sentinel: DesiredResource[], workspaces: EnvironmentConfig[], prefix: string, problems?: DeployError[]): BuiltFile[] {
  const files: BuiltFile[] = [];
  const v = content.pack.version;
  // Each workspace's resources, as its environment deploys them (Sentinel content only).
  const perWorkspace = workspaces.filter((w) => w.workspaceId).map((w) => {
    const mine: DeployError[] = [];
    const resources = desiredResources(content, w, armScope, { targets: { sentinel: true, monitor: false }, problems: mine });
    for (const p of mine) problems?.push(new DeployError('CONTENT_INVALID', `environment '${w.name}' (workspace ${w.workspaceId}): ${p.message}`, p.location, p.subject));
    return { env: w, byKey: new Map(resources.map((r) => [r.key, r])) };
  });
  const ids = new Map<string, string>();
  for (const w of perWorkspace) {
    const id = w.env.workspaceId!.toLowerCase();
    const other = ids.get(id);
    if (other) problems?.push(new DeployError('CONFIG_INVALID', `environments '${other}' and '${w.env.name}' have the same workspaceId ${id}: Repositories would pick one parameter file for both`));
    ids.set(id, w.env.name);
  }
  const used = new Set<string>();
  const parsers: string[] = [];
  for (const r of sentinel) {
    const folder = FOLDERS[r.kind]!;
    let base = `repository/${folder}/${slug(r.displayName)}`;
    for (let i = 2; used.has(base); i++) base = `repository/${folder}/${slug(r.displayName)}-${i}`;
    used.add(base);
    const decls = armResource(r, content);
    const props = (decls[0]!.properties ?? {}) as Json;
    // What each workspace would deploy, property by property; a rule its environment does not select is disabled there.
    const valuesFor = perWorkspace.map((w) => {
      const mine = w.byKey.get(r.key);
      if (mine) return { w, props: (armResource(mine, content)[0]!.properties ?? {}) as Json };
      return { w, props: r.kind === 'alertRules' ? { ...props, enabled: false } : props };
    });
    const varying = Object.keys(props).filter((k) => k !== 'tags' && valuesFor.some((x) => canonicalJson(x.props[k]) !== canonicalJson(props[k])));
    const params: Json = { workspace: WORKSPACE_PARAM };
    if (r.kind === 'workbooks') params.location = LOCATION_PARAM;
    for (const k of varying) {
      params[k] = { type: armType(props[k]), defaultValue: props[k], metadata: { description: `${k} of ${r.displayName}; set per workspace in ${slug(r.displayName)}.parameters-<workspaceId>.json` } };
      props[k] = `[parameters('${k}')]`;
    }
    files.push({ path: `${base}.json`, json: template(params, decls, `${content.pack.name} ${v}: ${r.displayName}`, v) });
    if (varying.length) {
      for (const { w, props: theirs } of valuesFor) {
        const parameters = Object.fromEntries(varying.map((k) => [k, { value: theirs[k] }]));
        files.push({ path: `${base}.parameters-${w.env.workspaceId!.toLowerCase()}.json`, json: { $schema: PARAMS_SCHEMA, contentVersion: '1.0.0.0', parameters } });
      }
    }
    if (r.kind === 'savedSearches') parsers.push(`${prefix}${base}.json`);
  }
  // Repositories deploys files in walk order; rules that call a parser need the parser first. This file must be
  // at the repository root to take effect; parameter files are found by name, so no mapping is needed.
  files.push({ path: 'repository/sentinel-deployment.config', json: { prioritizedcontentfiles: parsers, excludecontentfiles: [], parameterfilemappings: {} } });
  return files;
}
