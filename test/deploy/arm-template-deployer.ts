/**
 * Test-only stand-in for `az deployment group create`: evaluates the template-expression subset our templates
 * use (parameters, concat, resourceId, resourceGroup(), map/lambda/createObject, true/false) and PUTs each
 * resource to the ARM imitation in an order `dependsOn` allows (see deployTemplate).
 */
import { createHash } from 'node:crypto';
import { ArmClient } from '../../src/deploy/arm/arm-client.ts';

type Value = unknown;
interface Ctx { parameters: Record<string, Value>; subscriptionId: string; resourceGroup: string; location: string; lambda?: Record<string, Value>; variables?: Record<string, Value>; resolved?: Map<string, Value> }

type Node = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'call'; name: string; args: Node[]; props: string[] };

function parse(expr: string): Node {
  let i = 0;
  const ws = () => { while (expr[i] === ' ') i++; };
  const node = (): Node => {
    ws();
    if (expr[i] === "'") {
      let s = '';
      i++;
      for (;;) {
        if (expr[i] === "'" && expr[i + 1] === "'") { s += "'"; i += 2; continue; }
        if (expr[i] === "'") { i++; break; }
        s += expr[i++];
      }
      return { t: 'str', v: s };
    }
    const num = /^-?\d+/.exec(expr.slice(i));
    if (num) { i += num[0].length; return { t: 'num', v: Number(num[0]) }; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (!id) throw new Error(`cannot parse '${expr}' at ${i}`);
    i += id[0].length;
    ws();
    if (expr[i] !== '(') throw new Error(`expected ( after ${id[0]}`);
    i++;
    const args: Node[] = [];
    ws();
    if (expr[i] === ')') i++;
    else for (;;) { args.push(node()); ws(); if (expr[i] === ',') { i++; continue; } if (expr[i] === ')') { i++; break; } throw new Error(`bad call in '${expr}'`); }
    const props: string[] = [];
    while (expr[i] === '.') { const p = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(expr.slice(i))!; props.push(p[1]!); i += p[0].length; }
    return { t: 'call', name: id[0], args, props };
  };
  const n = node();
  ws();
  if (i !== expr.length) throw new Error(`trailing text in '${expr}'`);
  return n;
}

function evaluate(n: Node, ctx: Ctx): Value {
  if (n.t !== 'call') return n.v;
  if (n.name === 'lambda') return { lambda: (n.args[0] as { v: string }).v, body: n.args[1] };
  const a = n.args.map((x) => evaluate(x, ctx));
  let v: Value;
  switch (n.name.toLowerCase()) {
    case 'parameters': v = ctx.parameters[a[0] as string]; break;
    case 'variables': {
      // Evaluated on first use, as ARM does; a variable may use parameters and other variables.
      const name = a[0] as string;
      if (!ctx.variables || !(name in ctx.variables)) throw new Error(`variable '${name}' is not defined`);
      ctx.resolved ??= new Map();
      if (!ctx.resolved.has(name)) ctx.resolved.set(name, resolveValue(ctx.variables[name], ctx));
      v = ctx.resolved.get(name);
      break;
    }
    // A stand-in for ARM's uniqueString (13 characters, deterministic in its arguments); not ARM's own hash.
    case 'uniquestring': v = createHash('sha256').update(a.join('|')).digest('hex').slice(0, 13); break;
    case 'take': v = typeof a[0] === 'string' ? (a[0] as string).slice(0, a[1] as number) : (a[0] as Value[]).slice(0, a[1] as number); break;
    case 'split': v = String(a[0]).split(String(a[1])); break;
    case 'last': v = typeof a[0] === 'string' ? (a[0] as string).slice(-1) : (a[0] as Value[]).at(-1); break;
    case 'tolower': v = String(a[0]).toLowerCase(); break;
    case 'extensionresourceid': {
      const [scope, type, ...names] = a as string[];
      const [ns, ...types] = type!.split('/');
      v = `${scope}/providers/${ns}${types.map((t, k) => `/${t}/${names[k]}`).join('')}`;
      break;
    }
    case 'concat': v = a.every(Array.isArray) ? (a as Value[][]).flat() : a.join(''); break;
    case 'resourcegroup': v = { id: `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}`, location: ctx.location }; break;
    case 'resourceid': {
      const [type, ...names] = a as string[];
      const [ns, ...types] = type!.split('/');
      v = `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}/providers/${ns}${types.map((t, k) => `/${t}/${names[k]}`).join('')}`;
      break;
    }
    case 'true': v = true; break;
    case 'false': v = false; break;
    case 'createobject': { const o: Record<string, Value> = {}; for (let k = 0; k < a.length; k += 2) o[a[k] as string] = a[k + 1]; v = o; break; }
    case 'lambdavariables': v = ctx.lambda?.[a[0] as string]; break;
    case 'map': {
      const fn = a[1] as { lambda: string; body: Node };
      v = (a[0] as Value[]).map((item) => evaluate(fn.body, { ...ctx, lambda: { ...(ctx.lambda ?? {}), [fn.lambda]: item } }));
      break;
    }
    default: throw new Error(`unsupported template function ${n.name}()`);
  }
  for (const p of n.props) v = (v as Record<string, Value>)[p];
  return v;
}

export function resolveValue(value: Value, ctx: Ctx): Value {
  if (typeof value === 'string' && value.startsWith('[[')) return value.slice(1);
  if (typeof value === 'string' && value.startsWith('[') && value.endsWith(']')) return evaluate(parse(value.slice(1, -1)), ctx);
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, ctx));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, ctx)]));
  return value;
}

export interface TemplateDeployment { subscriptionId: string; resourceGroup: string; location: string; parameters: Record<string, Value> }

/** A deployment that did not complete: the resources ARM refused, and those not attempted because a dependency failed. */
export class TemplateDeploymentError extends Error {
  constructor(readonly failures: { path: string; message: string }[]) {
    super(`deployment failed:\n${failures.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`);
  }
}

/**
 * Deploys a template's resources through `client`; returns the resource paths written.
 *
 * ARM orders only what `dependsOn` orders: resources without a dependency between them may be created in any
 * order, in parallel. This stand-in deploys in waves (a resource once everything it depends on exists) and, within
 * a wave, in reverse template order, so a missing `dependsOn` fails every time instead of now and then. A
 * `dependsOn` naming a resource the template does not declare fails the deployment, as in ARM; a resource whose
 * dependency failed is not attempted.
 */
export async function deployTemplate(client: ArmClient, template: Record<string, any>, d: TemplateDeployment): Promise<string[]> {
  const ctx: Ctx = { subscriptionId: d.subscriptionId, resourceGroup: d.resourceGroup, location: d.location, parameters: {}, variables: template.variables ?? {} };
  for (const [name, spec] of Object.entries<Record<string, Value>>(template.parameters ?? {})) {
    ctx.parameters[name] = name in d.parameters ? d.parameters[name] : resolveValue(spec.defaultValue, ctx);
    if (ctx.parameters[name] === undefined) throw new Error(`template parameter '${name}' has no value`);
  }
  const decls = (template.resources as Record<string, Value>[]).map((r) => {
    const name = String(resolveValue(r.name, ctx));
    const [ns, ...types] = String(r.type).split('/');
    const names = name.split('/');
    const path = `/subscriptions/${d.subscriptionId}/resourceGroups/${d.resourceGroup}/providers/${ns}${types.map((t, k) => `/${t}/${names[k]}`).join('')}`;
    return { r, path, deps: ((r.dependsOn as string[] | undefined) ?? []).map((x) => String(resolveValue(x, ctx)).toLowerCase()) };
  });
  const declared = new Set(decls.map((x) => x.path.toLowerCase()));
  for (const x of decls) {
    const missing = x.deps.find((dep) => !declared.has(dep));
    if (missing) throw new TemplateDeploymentError([{ path: x.path, message: `InvalidTemplate: the resource '${missing}' is not defined in the template` }]);
  }
  const written: string[] = [];
  const done = new Set<string>();
  const failed = new Set<string>();
  const failures: { path: string; message: string }[] = [];
  let pending = decls;
  while (pending.length) {
    const ready = pending.filter((x) => x.deps.every((dep) => done.has(dep)));
    const blocked = pending.filter((x) => x.deps.some((dep) => failed.has(dep)));
    for (const x of blocked) { failed.add(x.path.toLowerCase()); failures.push({ path: x.path, message: 'not attempted: a resource it depends on failed' }); }
    if (!ready.length) {
      if (!blocked.length) throw new Error(`circular dependsOn among ${pending.map((x) => x.path).join(', ')}`);
      pending = pending.filter((x) => !blocked.includes(x));
      continue;
    }
    for (const x of [...ready].reverse()) {
      const body: Record<string, Value> = {};
      for (const key of ['kind', 'location', 'tags', 'properties', 'etag', 'identity']) if (x.r[key] !== undefined) body[key] = resolveValue(x.r[key], ctx);
      try {
        await client.request('PUT', client.url(x.path, String(x.r.apiVersion)), body);
        written.push(x.path);
        done.add(x.path.toLowerCase());
      } catch (e) {
        failed.add(x.path.toLowerCase());
        failures.push({ path: x.path, message: (e as Error).message });
      }
    }
    pending = pending.filter((x) => !ready.includes(x) && !blocked.includes(x));
  }
  if (failures.length) throw new TemplateDeploymentError(failures);
  return written;
}
