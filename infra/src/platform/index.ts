/**
 * @lyceum/infra/platform: the platform's own stack, as an inline Pulumi program.
 *
 *   const config = parsePlatformStackConfig(input)
 *   const stack = await LocalWorkspace.createOrSelectStack({
 *     projectName: PLATFORM_PROJECT_NAME,
 *     stackName: PLATFORM_STACK_NAME,
 *     program: platformProgram(config),
 *   })
 *
 * What it creates:
 * - Cloudflare: proxied CNAMEs `<rootDomain>`, `www.<rootDomain>` and `cms.<rootDomain>` →
 *   `dnsTarget`;
 * - Kubernetes: namespace `lyceum-platform` with the hub (Deployment + Service + Secret with
 *   `LYCEUM_PLATFORM_KEY`), the cms (Deployment + Service + Secret with `DATABASE_URL` and
 *   `PAYLOAD_SECRET` + media volume), and one Ingress: rootDomain and www → hub, cms → cms.
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
  type SecretEnvVar,
  secretChecksum,
  webApp,
} from '../shared/kubernetes.ts'
import { type PlatformStackConfig, parsePlatformStackConfig } from './config.ts'

export * from './config.ts'

/** The Pulumi project of the platform stack (pass as `projectName`). */
export const PLATFORM_PROJECT_NAME = 'lyceum-platform'
/** The suggested stack name; use one stack per environment (e.g. `production`, `staging`). */
export const PLATFORM_STACK_NAME = 'platform'
/** The Kubernetes namespace of the hub and the cms. */
export const PLATFORM_NAMESPACE = 'lyceum-platform'
/** Kubernetes names of the hub's Deployment, Service, container and (optional) Secret. */
export const HUB_NAME = 'lyceum-hub'
/** Kubernetes names of the cms's Deployment, Service, container and Secret. */
export const CMS_NAME = 'lyceum-cms'
/** Kubernetes name of the platform Ingress. */
export const PLATFORM_INGRESS_NAME = 'lyceum-platform'
/** Where the cms's media volume is mounted (its `LYCEUM_MEDIA_DIR`). */
export const CMS_MEDIA_DIR = '/data/media'

/**
 * The cms's in-cluster origin, `http://lyceum-cms.lyceum-platform.svc.cluster.local` (its Service,
 * port 80): the hub's `LYCEUM_CMS_URL`, so platform-key calls stay inside the cluster.
 */
export function cmsInClusterUrl(): string {
  return `http://${CMS_NAME}.${PLATFORM_NAMESPACE}.svc.cluster.local`
}

/** The public hostnames of the platform, all derived from the root domain. */
export type PlatformHosts = { hub: string; www: string; cms: string }

/** `{ hub: rootDomain, www: 'www.' + rootDomain, cms: 'cms.' + rootDomain }`. Pure. */
export function platformHosts(rootDomain: string): PlatformHosts {
  return { hub: rootDomain, www: `www.${rootDomain}`, cms: `cms.${rootDomain}` }
}

/** The resources of the platform stack, as created by {@link createPlatformResources}. */
export type PlatformResources = {
  dnsRecords: { apex: cloudflare.DnsRecord; www: cloudflare.DnsRecord; cms: cloudflare.DnsRecord }
  namespace: k8s.core.v1.Namespace
  hub: { deployment: k8s.apps.v1.Deployment; service: k8s.core.v1.Service; secret: k8s.core.v1.Secret }
  cms: {
    deployment: k8s.apps.v1.Deployment
    service: k8s.core.v1.Service
    secret: k8s.core.v1.Secret
    media: k8s.core.v1.PersistentVolumeClaim
  }
  ingress: k8s.networking.v1.Ingress
}

/** The stack outputs of the platform stack. */
export type PlatformStackOutputs = {
  /** `https://<rootDomain>`. */
  hubUrl: string
  /** `https://cms.<rootDomain>`, the `cmsUrl` the tenant stacks take. */
  cmsUrl: string
  namespace: pulumi.Output<string>
  /** Cloudflare ids of the three records. */
  dnsRecordIds: { apex: pulumi.Output<string>; www: pulumi.Output<string>; cms: pulumi.Output<string> }
}

/** Secret with one key per env var name, every value a Pulumi secret, plus its `secretKeyRef` env. */
function envSecret(
  logicalName: string,
  name: string,
  namespace: pulumi.Input<string>,
  labels: Record<string, string>,
  values: Record<string, string>,
): { secret: k8s.core.v1.Secret; env: SecretEnvVar[] } {
  const secret = new k8s.core.v1.Secret(logicalName, {
    metadata: { name, namespace, labels },
    type: 'Opaque',
    stringData: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, pulumi.secret(value)])),
  })
  const env = Object.keys(values).map((key) => ({ name: key, secretName: secret.metadata.name, key }))
  return { secret, env }
}

/**
 * Registers the platform's resources in the current Pulumi program. Logical names are
 * `platform-dns-{apex,www,cms}`, `platform-namespace`, `platform-{hub,cms}-{deployment,service,
 * secret}`, `platform-cms-media`, `platform-ingress`.
 *
 * The cms runs one pod with the `Recreate` strategy: its uploads live on a ReadWriteOnce volume,
 * which only one node can mount (scaling it out needs object storage for media first).
 *
 * @param config a config returned by {@link parsePlatformStackConfig}.
 */
export function createPlatformResources(config: PlatformStackConfig): PlatformResources {
  const hosts = platformHosts(config.rootDomain)
  const hubUrl = `https://${hosts.hub}`
  const cmsUrl = `https://${hosts.cms}`
  const labels = { ...PART_OF_LABELS }

  const namespace = new k8s.core.v1.Namespace('platform-namespace', {
    metadata: {
      name: PLATFORM_NAMESPACE,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  })
  const ns = namespace.metadata.name

  // cms: Secret (database URL, Payload secret, extra credentials), media volume, Deployment, Service.
  const cmsSecretValues = {
    DATABASE_URL: config.cms.databaseUrl,
    PAYLOAD_SECRET: config.cms.payloadSecret,
    ...config.cms.secretEnv,
  }
  const cmsSecret = envSecret('platform-cms-secret', CMS_NAME, ns, labels, cmsSecretValues)
  const media = new k8s.core.v1.PersistentVolumeClaim('platform-cms-media', {
    metadata: { name: `${CMS_NAME}-media`, namespace: ns, labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: config.cms.mediaVolumeSize } },
      ...(config.cms.storageClassName ? { storageClassName: config.cms.storageClassName } : {}),
    },
  })
  const cms = webApp({
    logicalName: 'platform-cms',
    name: CMS_NAME,
    namespace: ns,
    labels,
    instance: CMS_NAME,
    image: config.cms.image,
    replicas: 1,
    resources: config.cms.resources,
    env: {
      ...config.cms.env,
      PORT: String(APP_PORT),
      HOSTNAME: '0.0.0.0',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LYCEUM_CMS_PUBLIC_URL: cmsUrl,
      LYCEUM_HUB_PUBLIC_URL: hubUrl,
      LYCEUM_ROOT_DOMAIN: config.rootDomain,
      LYCEUM_RESERVED_SLUGS: config.reservedSlugs.join(','),
      LYCEUM_MEDIA_DIR: CMS_MEDIA_DIR,
      LYCEUM_LOG_LEVEL: config.cms.logLevel,
    },
    secretEnv: cmsSecret.env,
    mounts: [
      ...nextJsMounts(),
      { volume: 'media', mountPath: CMS_MEDIA_DIR, claimName: media.metadata.name },
    ],
    strategy: 'Recreate',
    podAnnotations: { [SECRET_CHECKSUM_ANNOTATION]: secretChecksum(cmsSecretValues) },
  })

  // hub: Secret (platform key, extra credentials), Deployment, Service. SvelteKit's Node adapter
  // reads HOST, PORT and ORIGIN. The hub calls the cms inside the cluster, not through Cloudflare.
  const hubSecretValues = { LYCEUM_PLATFORM_KEY: config.hub.platformKey, ...config.hub.secretEnv }
  const hubSecret = envSecret('platform-hub-secret', HUB_NAME, ns, labels, hubSecretValues)
  const hub = webApp({
    logicalName: 'platform-hub',
    name: HUB_NAME,
    namespace: ns,
    labels,
    instance: HUB_NAME,
    image: config.hub.image,
    replicas: config.hub.replicas,
    resources: config.hub.resources,
    env: {
      ...config.hub.env,
      PORT: String(APP_PORT),
      HOST: '0.0.0.0',
      ORIGIN: hubUrl,
      NODE_ENV: 'production',
      LYCEUM_HUB_PUBLIC_URL: hubUrl,
      LYCEUM_CMS_PUBLIC_URL: cmsUrl,
      LYCEUM_CMS_URL: cmsInClusterUrl(),
      LYCEUM_ROOT_DOMAIN: config.rootDomain,
    },
    secretEnv: hubSecret.env,
    mounts: [{ volume: 'tmp', mountPath: '/tmp', emptyDirSizeLimit: '64Mi' }],
    strategy: 'RollingUpdate',
    podAnnotations: { [SECRET_CHECKSUM_ANNOTATION]: secretChecksum(hubSecretValues) },
  })

  const rule = (host: string, service: k8s.core.v1.Service): k8s.types.input.networking.v1.IngressRule => ({
    host,
    http: {
      paths: [
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: service.metadata.name, port: { number: SERVICE_PORT } } },
        },
      ],
    },
  })
  const ingress = new k8s.networking.v1.Ingress('platform-ingress', {
    metadata: { name: PLATFORM_INGRESS_NAME, namespace: ns, labels },
    spec: {
      ingressClassName: config.ingressClassName,
      rules: [rule(hosts.hub, hub.service), rule(hosts.www, hub.service), rule(hosts.cms, cms.service)],
    },
  })

  const record = (key: string, hostname: string, what: string) =>
    proxiedCname({
      logicalName: `platform-dns-${key}`,
      zoneId: config.cloudflareZoneId,
      hostname,
      target: config.dnsTarget,
      comment: `Lyceum platform: ${what}`,
      opts: { dependsOn: [ingress] },
    })
  const dnsRecords = {
    // The apex is a CNAME too: Cloudflare flattens an apex CNAME into the target's A/AAAA
    // answers, so the zone stays RFC-valid. Its name is the FQDN, not `@`, which the v6 provider
    // would read back as the FQDN and show as a diff on every run.
    apex: record('apex', hosts.hub, 'hub (apex)'),
    www: record('www', hosts.www, 'hub (www)'),
    cms: record('cms', hosts.cms, 'cms'),
  }

  return {
    dnsRecords,
    namespace,
    hub: { ...hub, secret: hubSecret.secret },
    cms: { ...cms, secret: cmsSecret.secret, media },
    ingress,
  }
}

/**
 * The inline Pulumi program of the platform stack, for `LocalWorkspace.createOrSelectStack({
 * projectName: PLATFORM_PROJECT_NAME, stackName, program })`.
 *
 * @param config a validated config ({@link parsePlatformStackConfig}); checked again here.
 * @returns an async function registering {@link createPlatformResources} and resolving to
 *   {@link PlatformStackOutputs}.
 * @throws Error as {@link parsePlatformStackConfig} does, synchronously.
 */
export function platformProgram(config: PlatformStackConfig): () => Promise<PlatformStackOutputs> {
  const checked = parsePlatformStackConfig(config)
  return async () => {
    const resources = createPlatformResources(checked)
    const hosts = platformHosts(checked.rootDomain)
    return {
      hubUrl: `https://${hosts.hub}`,
      cmsUrl: `https://${hosts.cms}`,
      namespace: resources.namespace.metadata.name,
      dnsRecordIds: {
        apex: resources.dnsRecords.apex.id,
        www: resources.dnsRecords.www.id,
        cms: resources.dnsRecords.cms.id,
      },
    }
  }
}
