/**
 * The lifecycle engine of `@lyceum/provisioner`: the durable queue of lifecycle requests
 * (`requestLifecycle`, for the hub), the engine that executes them through a driver, and the
 * reconcile loop. See README.md ("Design").
 */
export { loadTenantState, migrate, type TenantState } from './db.ts'
export {
  type Engine,
  type EngineConfig,
  type EngineHooks,
  type EngineOptions,
  type StepEvent,
  startEngine,
} from './engine.ts'
export { isPermanent, LeaseLostError, messageOf, PermanentError, RefusedError } from './errors.ts'
export {
  createCmsDownloader,
  type ExportResult,
  exportTenantData,
  type FileDownloader,
  TENANT_CONTENT_COLLECTIONS,
} from './export.ts'
export { createLeaseKeeper, type LeaseKeeper } from './leases.ts'
export { consoleLog, type Log, type LogLevel } from './log.ts'
export {
  cancelLifecycle,
  ensureQueueSchema,
  type FastForwarded,
  fastForwardLifecycle,
  LIFECYCLE_TASK,
  type LifecycleRequest,
  lifecycleJobKey,
  PURGE_TASK,
  type QueuedRequest,
  REPAIR_TASK,
  requestLifecycle,
  tenantJobs,
  tenantQueue,
} from './queue.ts'
export { type Desired, desiredFor, driftOf, type Fix, type ReconcileReport } from './reconcile.ts'
export { RunRecorder } from './runs.ts'
export {
  DEPROVISION_PLAN,
  PROVISION_PLAN,
  planFor,
  REPROVISION_PLAN,
  RESUME_PLAN,
  STEP_NAMES,
  type StepConfig,
  type StepDeps,
  type StepName,
  SUSPEND_PLAN,
  tenantEnv,
} from './steps.ts'
