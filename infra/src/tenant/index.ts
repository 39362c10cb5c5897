import { createHash } from 'node:crypto'
/**
 * @lyceum/infra/tenant: one school's stack, `tenant-<slug>`, as an inline Pulumi program.
 *
 * The provisioner runs it through the Automation API, one stack per tenant:
 *
 *   const config = parseTenantStackConfig(input)
 *   const stack = await LocalWorkspace.createOrSelectStack({
 *     projectName: TENANT_PROJECT_NAME,
 *     stackName: tenantStackName(config.slug),
 *     program: tenantProgram(config),
 *   })
 *
 * What it creates (every name derived from the slug):
 * - Cloudflare: a proxied CNAME `<slug>.<rootDomain>` → `dnsTarget`;
 * - Kubernetes: namespace `tenant-<slug>` holding the Secret with the school's cms key, the
 *   `tenant-app` Deployment and ClusterIP Service, and an Ingress for `<slug>.<rootDomain>`.
 */

import type * as cloudflare from '@pulumi/cloudflare'
import * as k8s from '@pulumi/kubernetes'
import * as pulumi from '@pulumi/pulumi'
import { proxiedCname } from '../shared/cloudflare.ts'
import {
  APP_PORT,
  nextJsMounts,
  PART_OF_LABELS,
  SECRET_CHECKSUM_ANNOTATION,
  SERVICE_PORT,
  secretChecksum,
  TENANT_LABEL,
  webApp,
} from '../shared/kubernetes.ts'
import { DNS_LABEL_MAX_LENGTH } from '../shared/validation.ts'
import { parseTenantStackConfig, TENANT_PREFIX, type TenantStackConfig } from './config.ts'

export * from './config.ts'

/** The Pulumi project every tenant stack belongs to (pass as `projectName`). */
export const TENANT_PROJECT_NAME = 'lyceum-tenant'
/** Kubernetes name of the tenant-app Deployment, Service, Ingress and container in each tenant namespace. */
export const TENANT_APP_NAME = 'tenant-app'
/** Kubernetes name of the Secret holding the school's cms key, in the tenant namespace. */
export const TENANT_SECRET_NAME = 'tenant-app-cms'
/** Key of the cms key inside {@link TENANT_SECRET_NAME}. */
export const TENANT_API_KEY_SECRET_KEY = 'tenant-api-key'

/** Where a school's objects live and how they are named; all derived from the slug alone. */
export type TenantNames = {
  /** Pulumi stack name, `tenant-<slug>`. */
  stack: string
  /** Kubernetes namespace, `tenant-<slug>`. */
  namespace: string
  /** Public hostname, `<slug>.<rootDomain>`. */
  hostname: string
  /** Public URL, `https://<slug>.<rootDomain>` (no trailing slash). */
  url: string
  /** Prefix of every Pulumi logical name in the stack, `tenant-<slug>`. */
  logicalPrefix: string
}

/** Names of a school's stack, namespace and host. Pure; `slug` must already be valid. */
export function tenantNames(slug: string, rootDomain: string): TenantNames {
  const base = `${TENANT_PREFIX}${slug}`
  const hostname = `${slug}.${rootDomain}`
  return {
    stack: base,
    namespace: tenantNamespace(slug),
    hostname,
    url: `https://${hostname}`,
    logicalPrefix: base,
  }
}

/**
 * The Kubernetes namespace of a school: `tenant-<slug>` while that fits a 63-character name (slugs
 * up to 56 characters); for longer slugs, the first 47 characters, a hyphen and 8 hex characters of
 * the slug's SHA-256, so every slug `@lyceum/domain` accepts maps to one stable, distinct namespace.
 */
export function tenantNamespace(slug: string): string {
  const plain = `${TENANT_PREFIX}${slug}`
  if (plain.length <= DNS_LABEL_MAX_LENGTH) return plain
  const digest = createHash('sha256').update(slug).digest('hex').slice(0, 8)
  return `${TENANT_PREFIX}${slug.slice(0, DNS_LABEL_MAX_LENGTH - TENANT_PREFIX.length - 9)}-${digest}`
}

/** The resources of one tenant stack, as created by {@link createTenantResources}. */
export type TenantResources = {
  dnsRecord: cloudflare.DnsRecord
  namespace: k8s.core.v1.Namespace
  secret: k8s.core.v1.Secret
  deployment: k8s.apps.v1.Deployment
  service: k8s.core.v1.Service
  ingress: k8s.networking.v1.Ingress
}

/** The stack outputs of a tenant stack (`stack.outputs()` after `up`). */
export type TenantStackOutputs = {
  /** `https://<slug>.<rootDomain>`. */
  url: string
  /** The Kubernetes namespace, `tenant-<slug>`. */
  namespace: pulumi.Output<string>
  /** Cloudflare's id of the school's DNS record. */
  dnsRecordId: pulumi.Output<string>
  /** The tenant-app Deployment's name inside `namespace`. */
  deploymentName: pulumi.Output<string>
}

/**
 * Registers a school's resources in the current Pulumi program (call it inside a program, or
 * use {@link tenantProgram}). Logical names are `tenant-<slug>-{dns,namespace,secret,deployment,
 * service,ingress}`. The cms key goes only into the Secret, wrapped in `pulumi.secret`; the
 * container reads it through `valueFrom.secretKeyRef`. The DNS record depends on the Deployment
 * and the Ingress, so the hostname resolves only once the school answers.
 *
 * @param config a config returned by {@link parseTenantStackConfig}.
 */
export function createTenantResources(config: TenantStackConfig): TenantResources {
  const names = tenantNames(config.slug, config.rootDomain)
  const prefix = names.logicalPrefix
  const labels = { ...PART_OF_LABELS, [TENANT_LABEL]: config.slug }

  const namespace = new k8s.core.v1.Namespace(`${prefix}-namespace`, {
    metadata: {
      name: names.namespace,
      labels: {
        ...labels,
        // The pod spec below meets the "restricted" Pod Security Standard; enforce it so nothing
        // weaker can run next to a school's data.
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  })
  const namespaceName = namespace.metadata.name

  const secret = new k8s.core.v1.Secret(`${prefix}-secret`, {
    metadata: { name: TENANT_SECRET_NAME, namespace: namespaceName, labels },
    type: 'Opaque',
    stringData: { [TENANT_API_KEY_SECRET_KEY]: pulumi.secret(config.tenantApiKey) },
  })

  const { deployment, service } = webApp({
    logicalName: prefix,
    name: TENANT_APP_NAME,
    namespace: namespaceName,
    labels,
    instance: names.namespace,
    image: config.image,
    replicas: config.replicas,
    resources: config.resources,
    env: {
      LYCEUM_TENANT_SLUG: config.slug,
      LYCEUM_CMS_URL: config.cmsUrl,
      LYCEUM_PUBLIC_URL: names.url,
      LYCEUM_LOCALE: config.locale,
      PORT: String(APP_PORT),
      HOSTNAME: '0.0.0.0',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      // The same V8 flag the local driver gives each instance (decision 086): a smaller young
      // generation, about 10 MB less resident memory per school.
      NODE_OPTIONS: '--max-semi-space-size=1',
    },
    secretEnv: [
      { name: 'LYCEUM_TENANT_API_KEY', secretName: secret.metadata.name, key: TENANT_API_KEY_SECRET_KEY },
    ],
    mounts: nextJsMounts(),
    strategy: 'RollingUpdate',
    podAnnotations: { [SECRET_CHECKSUM_ANNOTATION]: secretChecksum({ tenantApiKey: config.tenantApiKey }) },
  })

  const ingress = new k8s.networking.v1.Ingress(`${prefix}-ingress`, {
    metadata: { name: TENANT_APP_NAME, namespace: namespaceName, labels },
    spec: {
      ingressClassName: config.ingressClassName,
      rules: [
        {
          host: names.hostname,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service.metadata.name, port: { number: SERVICE_PORT } } },
              },
            ],
          },
        },
      ],
    },
  })

  const dnsRecord = proxiedCname({
    logicalName: `${prefix}-dns`,
    zoneId: config.cloudflareZoneId,
    hostname: names.hostname,
    target: config.dnsTarget,
    comment: `Lyceum tenant ${config.slug} (Pulumi stack ${names.stack})`,
    opts: { dependsOn: [deployment, ingress] },
  })

  return { dnsRecord, namespace, secret, deployment, service, ingress }
}

/**
 * The inline Pulumi program of a school's stack, for `LocalWorkspace.createOrSelectStack({
 * projectName: TENANT_PROJECT_NAME, stackName: tenantStackName(slug), program })`.
 *
 * @param config a validated config ({@link parseTenantStackConfig}); it is checked again here,
 *   so a bad one throws before Pulumi starts.
 * @returns an async function registering {@link createTenantResources} and resolving to
 *   {@link TenantStackOutputs}.
 * @throws Error as {@link parseTenantStackConfig} does, synchronously.
 */
export function tenantProgram(config: TenantStackConfig): () => Promise<TenantStackOutputs> {
  const checked = parseTenantStackConfig(config)
  return async () => {
    const resources = createTenantResources(checked)
    return {
      url: tenantNames(checked.slug, checked.rootDomain).url,
      namespace: resources.namespace.metadata.name,
      dnsRecordId: resources.dnsRecord.id,
      deploymentName: resources.deployment.metadata.name,
    }
  }
}
