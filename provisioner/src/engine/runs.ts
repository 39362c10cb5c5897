/**
 * Recording runs in the cms: one `provisioning-runs` document per lifecycle job, with its status,
 * current step, attempt count, error, timings and one `steps[]` entry per step attempt (step,
 * status, attempt, startedAt, finishedAt, message: the run's log lines).
 *
 * Only the worker holding the job writes its run (the queue is serial per school), so the recorder
 * keeps the document in memory and sends the whole `steps` array on each change (the cms replaces
 * arrays on update).
 */
import type { CmsClient } from '@lyceum/cms-client'
import type { ProvisioningRun } from '@lyceum/cms-client/payload-types'
import type { ProvisioningAction } from '@lyceum/domain'

type StepEntry = NonNullable<ProvisioningRun['steps']>[number]
/** Status of one step attempt in `steps[]`. */
export type StepStatus = StepEntry['status']

/** A run document and the operations the engine records into it. */
export class RunRecorder {
  private readonly cms: CmsClient
  private run: ProvisioningRun

  constructor(cms: CmsClient, run: ProvisioningRun) {
    this.cms = cms
    this.run = run
  }

  /** Creates a `queued` run for a school and action. */
  static async create(cms: CmsClient, tenantId: string, action: ProvisioningAction): Promise<RunRecorder> {
    const run = await cms.create('provisioning-runs', {
      tenant: tenantId,
      action,
      status: 'queued',
      attempts: 0,
      steps: [],
    })
    return new RunRecorder(cms, run)
  }

  get id(): string {
    return this.run.id
  }
  get action(): ProvisioningAction {
    return this.run.action
  }
  get finished(): boolean {
    return this.run.status === 'succeeded' || this.run.status === 'failed'
  }
  get doc(): ProvisioningRun {
    return structuredClone(this.run)
  }

  /** Whether `step` already succeeded (or was skipped) in an earlier attempt of this run. */
  done(step: string): boolean {
    return (this.run.steps ?? []).some(
      (entry) => entry.step === step && (entry.status === 'succeeded' || entry.status === 'skipped'),
    )
  }

  /**
   * Marks the run running for `attempt`. Step entries left `running` by an attempt that died
   * (killed provisioner, lost lease) are closed as failed, saying so.
   */
  async begin(attempt: number): Promise<void> {
    const now = new Date().toISOString()
    const steps = (this.run.steps ?? []).map((entry) =>
      entry.status === 'running'
        ? {
            ...entry,
            status: 'failed' as const,
            finishedAt: now,
            message: 'interrupted: the worker was lost',
          }
        : entry,
    )
    await this.save({
      status: 'running',
      attempts: attempt,
      startedAt: this.run.startedAt ?? now,
      finishedAt: null,
      steps,
    })
  }

  async stepStarted(step: string, attempt: number): Promise<void> {
    const entry: StepEntry = { step, status: 'running', attempt, startedAt: new Date().toISOString() }
    await this.save({ currentStep: step, steps: [...(this.run.steps ?? []), entry] })
  }

  /** Closes the latest entry of `step` with `status` and an optional log line. */
  async stepFinished(step: string, status: StepStatus, message?: string): Promise<void> {
    const steps = [...(this.run.steps ?? [])]
    for (let i = steps.length - 1; i >= 0; i--) {
      const entry = steps[i]
      if (entry?.step === step && entry.status === 'running') {
        steps[i] = { ...entry, status, finishedAt: new Date().toISOString(), message: message ?? null }
        break
      }
    }
    await this.save({ steps })
  }

  /** After a failed attempt that will be retried: back to `queued`, with the error. */
  async waitRetry(error: string): Promise<void> {
    await this.save({ status: 'queued', error })
  }

  /** Ends the run. */
  async finish(status: 'succeeded' | 'failed', error?: string): Promise<void> {
    await this.save({
      status,
      error: error ?? null,
      finishedAt: new Date().toISOString(),
      currentStep: status === 'succeeded' ? null : this.run.currentStep,
    })
  }

  private async save(patch: Partial<ProvisioningRun>): Promise<void> {
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = patch
    this.run = await this.cms.update('provisioning-runs', this.run.id, rest)
  }
}
