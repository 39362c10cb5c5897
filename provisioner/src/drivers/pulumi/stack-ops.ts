/**
 * The narrow seam between the pulumi driver's orchestration (driver.ts: retries, stale locks,
 * refresh-before-destroy, idempotency) and Pulumi itself. {@link automationStackOps} implements
 * it with the Automation API (`@pulumi/pulumi/automation`); the driver's tests use an in-memory
 * implementation, which tests our orchestration, not Pulumi.
 */
import path from 'node:path'
import { TENANT_PROJECT_NAME } from '@lyceum/infra/tenant'
import {
  ConcurrentUpdateError,
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type OutputMap,
  type PulumiCommand,
  StackNotFoundError,
} from '@pulumi/pulumi/automation/index.js'
import { driverProgram, type StackInput } from './program.ts'

/** One stack as listed: its name and, when the backend says, how many resources it holds. */
export type StackListing = { name: string; resourceCount?: number }

/** The Pulumi operations the driver uses, on stacks of project `lyceum-tenant`. */
export interface StackOps {
  /** Creates the stack if needed and runs `up` with the program of `input`. @returns output values. */
  up(stack: string, input: StackInput): Promise<Record<string, unknown>>
  /** `refresh`; `clearPendingCreates` drops pending creates of an interrupted update. */
  refresh(stack: string, options?: { clearPendingCreates?: boolean }): Promise<void>
  /** `destroy` of every resource, then removal of the stack. */
  destroy(stack: string): Promise<void>
  /** `cancel`: ends the update in progress (or deletes a self-managed backend's lock file). */
  cancel(stack: string): Promise<void>
  /** Output values of the last `up` (secrets decrypted); `null` when the stack does not exist. */
  outputs(stack: string): Promise<Record<string, unknown> | null>
  /** The project's stacks. */
  listStacks(): Promise<StackListing[]>
}

/**
 * Whether `error` says another update holds the stack: Pulumi Cloud's 409 and a self-managed
 * backend's lock file both surface as `ConcurrentUpdateError`.
 */
export function isConcurrentUpdate(error: unknown): boolean {
  return (
    error instanceof ConcurrentUpdateError || (error as Error | undefined)?.name === 'ConcurrentUpdateError'
  )
}

/** Whether `error` says the stack does not exist. */
export function isStackNotFound(error: unknown): boolean {
  return error instanceof StackNotFoundError || (error as Error | undefined)?.name === 'StackNotFoundError'
}

/** Options of {@link automationStackOps}. */
export type AutomationOptions = {
  /** The CLI found at start-up (see cli.ts). */
  command: PulumiCommand
  /** `PULUMI_BACKEND_URL`: `s3://…`, `gs://…`, `azblob://…`, `file://…` or `https://api.pulumi.com`. */
  backendUrl: string
  /**
   * Persistent directory for `Pulumi.yaml` and the `Pulumi.<stack>.yaml` settings (with the
   * passphrase provider these hold each stack's encryption salt: keep and back it up).
   */
  workDir: string
  /** Env of every Pulumi command: passphrase, `CLOUDFLARE_API_TOKEN`, `KUBECONFIG`… */
  envVars: Record<string, string>
  /** e.g. `awskms://…`; default Pulumi's passphrase provider. */
  secretsProvider?: string
}

const values = (outputs: OutputMap): Record<string, unknown> =>
  Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]))

/** {@link StackOps} with Pulumi's Automation API and the CLI. */
export function automationStackOps(options: AutomationOptions): StackOps {
  const workDir = path.join(options.workDir, TENANT_PROJECT_NAME)
  const workspaceOptions: LocalWorkspaceOptions = {
    workDir,
    pulumiCommand: options.command,
    envVars: { PULUMI_SKIP_UPDATE_CHECK: 'true', ...options.envVars },
    ...(options.secretsProvider ? { secretsProvider: options.secretsProvider } : {}),
    projectSettings: { name: TENANT_PROJECT_NAME, runtime: 'nodejs', backend: { url: options.backendUrl } },
  }
  const noProgram = async () => ({})
  const select = (stackName: string) =>
    LocalWorkspace.selectStack(
      { projectName: TENANT_PROJECT_NAME, stackName, program: noProgram },
      workspaceOptions,
    )

  return {
    async up(stackName, input) {
      const program = driverProgram(input)
      const stack = await LocalWorkspace.createOrSelectStack(
        { projectName: TENANT_PROJECT_NAME, stackName, program },
        workspaceOptions,
      )
      const result = await stack.up()
      return values(result.outputs)
    },
    async refresh(stackName, refreshOptions = {}) {
      const stack = await select(stackName)
      await stack.refresh(refreshOptions.clearPendingCreates ? { clearPendingCreates: true } : {})
    },
    async destroy(stackName) {
      const stack = await select(stackName)
      await stack.destroy({ remove: true })
    },
    async cancel(stackName) {
      const stack = await select(stackName)
      await stack.cancel()
    },
    async outputs(stackName) {
      try {
        const stack = await select(stackName)
        return values(await stack.outputs())
      } catch (error) {
        if (isStackNotFound(error)) return null
        throw error
      }
    },
    async listStacks() {
      const workspace = await LocalWorkspace.create(workspaceOptions)
      const stacks = await workspace.listStacks()
      return stacks.map((s) => ({
        name: s.name.split('/').pop() ?? s.name,
        ...(s.resourceCount !== undefined ? { resourceCount: s.resourceCount } : {}),
      }))
    },
  }
}
