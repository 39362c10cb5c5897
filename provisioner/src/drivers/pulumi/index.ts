/** The pulumi driver: one stack `tenant-<slug>` per school; see driver.ts. */
export { findPulumiCli, PULUMI_INSTALL_HINT } from './cli.ts'
export { type CloudflareCheck, checkCloudflareZone } from './cloudflare.ts'
export {
  createPulumiDriver,
  type PulumiDriver,
  type PulumiDriverOptions,
  type PulumiDriverSettings,
  STACK_ENV,
} from './driver.ts'
export { type Claim, createPgStackLeases, type PreviousHolder, type StackLeases } from './leases.ts'
export { type OpenPulumiDriverOptions, openPulumiDriver } from './open.ts'
export {
  type DeploymentMeta,
  driverProgram,
  readStackRecord,
  type StackInput,
  type StackRecord,
} from './program.ts'
export {
  type AutomationOptions,
  automationStackOps,
  isConcurrentUpdate,
  type StackListing,
  type StackOps,
} from './stack-ops.ts'
