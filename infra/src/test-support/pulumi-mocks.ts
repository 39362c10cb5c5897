/**
 * Test support (`@lyceum/infra/test-support`, for tests only; the provisioner's pulumi driver
 * tests reuse it): Pulumi mocks that record every registered resource, plus helpers to wait for
 * registration and to read `Output` values.
 *
 * Usage, in a test file's `beforeAll`: `const mocks = await installPulumiMocks(...)` FIRST, then
 * `await import()` the program module: a static import would load it before the mocks exist.
 *
 * Secrets: the mock monitor hands `newResource` the inputs as the engine would receive them, so
 * a property carrying a Pulumi secret arrives wrapped as `{ [specialSigKey]: specialSecretSig,
 * value }` (secretness is pushed up to the top-level property). `pulumi.runtime.isRpcSecret`
 * detects it and `unwrapRpcSecret` opens it.
 */
import * as pulumi from '@pulumi/pulumi'

/** One resource as the engine would have received it. */
export type CapturedResource = {
  /** Type token, e.g. `kubernetes:apps/v1:Deployment`, `cloudflare:index/dnsRecord:DnsRecord`. */
  type: string
  /** Pulumi logical name. */
  name: string
  /** The URN the mock monitor gives it (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
  urn: string
  /** Serialised inputs; secret properties wrapped (see the module comment). */
  inputs: Record<string, unknown>
}

/** The recorder returned by {@link installPulumiMocks}. */
export type PulumiMocks = {
  /** Every resource registered since the last {@link PulumiMocks.reset}, in registration order. */
  readonly resources: CapturedResource[]
  reset(): void
}

/**
 * Installs Pulumi mocks for the whole test file. `newResource` records the call and echoes the
 * inputs back as the resource's state (id `<name>-id`), so `metadata.name` and friends resolve
 * to what the program set. Invokes echo their arguments; the programs make none.
 */
export async function installPulumiMocks(project: string, stack: string): Promise<PulumiMocks> {
  const resources: CapturedResource[] = []
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({
          type: args.type,
          name: args.name,
          urn: `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`,
          inputs: args.inputs as Record<string, unknown>,
        })
        return { id: `${args.name}-id`, state: args.inputs }
      },
      call(args) {
        return args.inputs as Record<string, unknown>
      },
    },
    project,
    stack,
    false,
  )
  return {
    resources,
    reset() {
      resources.length = 0
    },
  }
}

/** The value of an Output, once known. */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value)
      return value
    })
  })
}

function collectResources(value: unknown, into: pulumi.Resource[]): void {
  if (pulumi.Resource.isInstance(value)) {
    into.push(value)
  } else if (value !== null && typeof value === 'object' && !pulumi.Output.isInstance(value)) {
    for (const child of Object.values(value)) collectResources(child, into)
  }
}

/**
 * Waits until every resource found in `tree` (any nesting of plain objects) is registered, by
 * awaiting its URN. After this, the recorder holds all of them.
 *
 * @returns the number of resources awaited.
 */
export async function settled(tree: unknown): Promise<number> {
  const found: pulumi.Resource[] = []
  collectResources(tree, found)
  await Promise.all(found.map((resource) => outputValue(resource.urn)))
  return found.length
}

/**
 * Paths (like `stringData.tenant-api-key`) where `needle` occurs in a plain, non-secret string
 * of `value`. Secret-wrapped properties are skipped, since the engine encrypts those.
 */
export function plainOccurrences(value: unknown, needle: string, path = ''): string[] {
  if (pulumi.runtime.isRpcSecret(value)) return []
  if (typeof value === 'string') return value.includes(needle) ? [path || '(value)'] : []
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, child]) =>
    plainOccurrences(child, needle, path ? `${path}.${key}` : key),
  )
}

/** The first captured resource of `type` named `name`; throws when there is none. */
export function captured(mocks: PulumiMocks, type: string, name?: string): CapturedResource {
  const found = mocks.resources.find((r) => r.type === type && (name === undefined || r.name === name))
  if (!found) {
    const seen = mocks.resources.map((r) => `${r.type} ${r.name}`).join(', ')
    throw new Error(`no ${type}${name ? ` named ${name}` : ''} was registered (saw: ${seen})`)
  }
  return found
}

/** Reads a nested property of captured inputs, e.g. `at(inputs, 'spec', 'template', 'spec')`. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}
