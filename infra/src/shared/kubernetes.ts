/**
 * The Kubernetes building blocks every Lyceum web app shares (tenant-app, hub, cms): one
 * hardened Deployment with health probes plus its ClusterIP Service. The stacks decide names,
 * images, env and volumes; the security posture and probe timings live here only.
 */
import { createHash } from 'node:crypto'
import * as k8s from '@pulumi/kubernetes'
import type * as pulumi from '@pulumi/pulumi'
import type { ContainerResources } from './validation.ts'

/** The port every Lyceum app listens on inside its container (`PORT`). */
export const APP_PORT = 3000
/** The port of every app's ClusterIP Service; it forwards to {@link APP_PORT}. */
export const SERVICE_PORT = 80
/** The health endpoint every app serves (HTTP 200 when it can take traffic). */
export const HEALTH_PATH = '/healthz'
/**
 * The uid/gid the apps run as. 1001 is the `nextjs`/`nodejs` user of the Next.js standalone
 * Dockerfile; setting it here makes `runAsNonRoot` hold even for images whose USER is a name.
 */
export const APP_UID = 1001

/** `app.kubernetes.io/part-of: lyceum` on every Lyceum object, for selection and cost reports. */
export const PART_OF_LABELS = {
  'app.kubernetes.io/part-of': 'lyceum',
  'app.kubernetes.io/managed-by': 'pulumi',
} as const

/** Label carrying the tenant slug on every object of a school. */
export const TENANT_LABEL = 'lyceum.dev/tenant'
/** Pod-template annotation holding a short hash of the app's secret values (see {@link secretChecksum}). */
export const SECRET_CHECKSUM_ANNOTATION = 'lyceum.dev/secret-checksum'

/**
 * A 16-hex-character SHA-256 prefix over the given secret values (in key order). Put on the pod
 * template, it changes whenever a secret does, so a rotated key rolls the pods (env from a Secret
 * is read only at container start). 64 bits of a hash of ≥ 16 random characters reveal nothing
 * usable, which is why it is a plain annotation and not a Pulumi secret.
 */
export function secretChecksum(values: Record<string, string>): string {
  const hash = createHash('sha256')
  for (const key of Object.keys(values).sort()) hash.update(`${key}\0${values[key]}\0`)
  return hash.digest('hex').slice(0, 16)
}

/**
 * Container security context: non-root, read-only root filesystem, no privilege escalation,
 * every Linux capability dropped, the runtime's default seccomp profile.
 */
export function containerSecurityContext(): k8s.types.input.core.v1.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: APP_UID,
    runAsGroup: APP_UID,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  }
}

/** Pod security context matching {@link containerSecurityContext}; `fsGroup` makes volumes writable. */
export function podSecurityContext(): k8s.types.input.core.v1.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: APP_UID,
    runAsGroup: APP_UID,
    fsGroup: APP_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  }
}

function healthCheck(): k8s.types.input.core.v1.HTTPGetAction {
  return { path: HEALTH_PATH, port: APP_PORT, scheme: 'HTTP' }
}

/**
 * `GET /healthz` on {@link APP_PORT}, three ways (all timings in seconds):
 * - startup: every 5 s, up to 30 failures (150 s for a cold start with migrations); the other
 *   two probes wait for it;
 * - readiness: every 10 s, 3 s timeout, out of the Service after 3 failures;
 * - liveness: every 20 s, 5 s timeout, restarted after 3 failures (a minute of silence).
 */
export function healthProbes(): Pick<
  k8s.types.input.core.v1.Container,
  'startupProbe' | 'readinessProbe' | 'livenessProbe'
> {
  return {
    startupProbe: { httpGet: healthCheck(), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 },
    readinessProbe: {
      httpGet: healthCheck(),
      initialDelaySeconds: 5,
      periodSeconds: 10,
      timeoutSeconds: 3,
      successThreshold: 1,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: healthCheck(),
      initialDelaySeconds: 10,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
  }
}

/** An env var read from a key of a Secret (`valueFrom.secretKeyRef`), never a literal value. */
export type SecretEnvVar = { name: string; secretName: pulumi.Input<string>; key: string }

/** A writable directory for a read-only root filesystem: an emptyDir or an existing PVC. */
export type WritableMount =
  | { volume: string; mountPath: string; emptyDirSizeLimit: string }
  | { volume: string; mountPath: string; claimName: pulumi.Input<string> }

/** What {@link webApp} needs to know about one app. */
export type WebAppArgs = {
  /** Prefix of the Pulumi logical names: `<prefix>-deployment` and `<prefix>-service`. */
  logicalName: string
  /** Kubernetes name of the Deployment and the Service, and the container's name. */
  name: string
  namespace: pulumi.Input<string>
  /** Labels on both objects and the pods; `app.kubernetes.io/name` and `instance` are added. */
  labels: Record<string, string>
  /** `app.kubernetes.io/instance`, the selector's second label (e.g. `tenant-acme`). */
  instance: string
  image: string
  replicas: number
  resources: ContainerResources
  /** Plain env vars, in order. Never put a credential here: use `secretEnv`. */
  env: Record<string, string>
  secretEnv: SecretEnvVar[]
  mounts: WritableMount[]
  /** `RollingUpdate` (surge 1, never below `replicas`) or `Recreate` (for a ReadWriteOnce volume). */
  strategy: 'RollingUpdate' | 'Recreate'
  podAnnotations: Record<string, string>
  opts?: pulumi.CustomResourceOptions
}

/** The Deployment and Service {@link webApp} creates. */
export type WebApp = { deployment: k8s.apps.v1.Deployment; service: k8s.core.v1.Service }

/**
 * Creates one app's Deployment (a single container on {@link APP_PORT} with health probes,
 * requests/limits and the hardened security contexts, no service-account token, no service
 * links) and its ClusterIP Service (`http`: {@link SERVICE_PORT} → {@link APP_PORT}).
 */
export function webApp(args: WebAppArgs): WebApp {
  const selector = { 'app.kubernetes.io/name': args.name, 'app.kubernetes.io/instance': args.instance }
  const labels = { ...args.labels, ...selector }
  const metadata = { name: args.name, namespace: args.namespace, labels }
  const env: k8s.types.input.core.v1.EnvVar[] = [
    ...Object.entries(args.env).map(([name, value]) => ({ name, value })),
    ...args.secretEnv.map(({ name, secretName, key }) => ({
      name,
      valueFrom: { secretKeyRef: { name: secretName, key, optional: false } },
    })),
  ]
  const deployment = new k8s.apps.v1.Deployment(
    `${args.logicalName}-deployment`,
    {
      metadata,
      spec: {
        replicas: args.replicas,
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        strategy:
          args.strategy === 'Recreate'
            ? { type: 'Recreate' }
            : { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { labels, annotations: args.podAnnotations },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 30,
            securityContext: podSecurityContext(),
            containers: [
              {
                name: args.name,
                image: args.image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
                env,
                resources: {
                  requests: { ...args.resources.requests },
                  limits: { ...args.resources.limits },
                },
                ...healthProbes(),
                securityContext: containerSecurityContext(),
                volumeMounts: args.mounts.map(({ volume, mountPath }) => ({ name: volume, mountPath })),
              },
            ],
            volumes: args.mounts.map((mount) =>
              'claimName' in mount
                ? { name: mount.volume, persistentVolumeClaim: { claimName: mount.claimName } }
                : { name: mount.volume, emptyDir: { sizeLimit: mount.emptyDirSizeLimit } },
            ),
          },
        },
      },
    },
    args.opts,
  )
  const service = new k8s.core.v1.Service(
    `${args.logicalName}-service`,
    {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: SERVICE_PORT, targetPort: APP_PORT, protocol: 'TCP' }],
      },
    },
    args.opts,
  )
  return { deployment, service }
}

/** Writable directories a Next.js standalone server needs under a read-only root: `/tmp` and its cache. */
export function nextJsMounts(): WritableMount[] {
  return [
    { volume: 'tmp', mountPath: '/tmp', emptyDirSizeLimit: '64Mi' },
    { volume: 'next-cache', mountPath: '/app/.next/cache', emptyDirSizeLimit: '256Mi' },
  ]
}
