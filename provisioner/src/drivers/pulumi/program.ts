/**
 * The program the pulumi driver runs for a school: the infra tenant program
 * (`@lyceum/infra/tenant`, Cloudflare record + Kubernetes objects) plus the outputs the driver
 * reads back as its durable record of the deployment. The stack is the driver's only state: a
 * restarted provisioner (or another host) finds every school's env, replicas and host in the
 * stack outputs, the env as a Pulumi secret (encrypted in the state).
 */
import { type TenantStackConfig, tenantNames, tenantProgram } from '@lyceum/infra/tenant'
import * as pulumi from '@pulumi/pulumi'
import { z } from 'zod'

/** What the driver records with each `up`, next to the resources. */
export type DeploymentMeta = {
  /** sha256 (hex) of the school's env as the engine gave it (`InstanceInfo.envHash`). */
  envHash: string
  /** The school's env as the engine gave it (holds the cms key: a secret output). */
  env: Record<string, string>
  /** ISO 8601 time of this `up`. */
  deployedAt: string
  /** ISO 8601 time the school's stack was first deployed (kept across updates). */
  createdAt: string
}

/** One `up`'s input: the validated infra config and the driver's record. */
export type StackInput = { config: TenantStackConfig; meta: DeploymentMeta }

/** Output name of the driver's record (plain) and of the env (secret). */
export const RECORD_OUTPUT = 'lyceum'
export const ENV_OUTPUT = 'lyceumEnv'

const recordSchema = z.object({
  slug: z.string(),
  hostname: z.string(),
  dnsTarget: z.string(),
  replicas: z.number().int().min(0),
  envHash: z.string(),
  deployedAt: z.string(),
  createdAt: z.string(),
})

/** The driver's record of a deployment, as read back from the stack outputs. */
export type StackRecord = z.infer<typeof recordSchema> & {
  env: Record<string, string>
  namespace?: string
  dnsRecordId?: string
}

/**
 * The inline program for `LocalWorkspace.createOrSelectStack({ program })`.
 * @returns the infra program's outputs (`url`, `namespace`, `dnsRecordId`, `deploymentName`)
 *   plus `lyceum` (slug, hostname, dnsTarget, replicas, envHash, deployedAt, createdAt) and
 *   `lyceumEnv` (the env as JSON, secret).
 * @throws Error synchronously when the config is invalid (see `parseTenantStackConfig`).
 */
export function driverProgram(input: StackInput): () => Promise<Record<string, unknown>> {
  const infra = tenantProgram(input.config)
  const { config, meta } = input
  return async () => ({
    ...(await infra()),
    [RECORD_OUTPUT]: {
      slug: config.slug,
      hostname: tenantNames(config.slug, config.rootDomain).hostname,
      dnsTarget: config.dnsTarget,
      replicas: config.replicas,
      envHash: meta.envHash,
      deployedAt: meta.deployedAt,
      createdAt: meta.createdAt,
    },
    [ENV_OUTPUT]: pulumi.secret(JSON.stringify(meta.env)),
  })
}

/**
 * Reads the driver's record from stack output values (secrets already decrypted).
 * @returns null when the outputs hold no record (a stack never fully deployed, or destroyed).
 */
export function readStackRecord(outputs: Record<string, unknown> | null): StackRecord | null {
  if (!outputs) return null
  const record = recordSchema.safeParse(outputs[RECORD_OUTPUT])
  if (!record.success) return null
  const rawEnv = outputs[ENV_OUTPUT]
  const env = z
    .record(z.string(), z.string())
    .safeParse(typeof rawEnv === 'string' ? safeJson(rawEnv) : undefined)
  return {
    ...record.data,
    env: env.success ? env.data : {},
    ...(typeof outputs.namespace === 'string' ? { namespace: outputs.namespace } : {}),
    ...(typeof outputs.dnsRecordId === 'string' ? { dnsRecordId: outputs.dnsRecordId } : {}),
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
