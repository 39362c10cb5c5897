/** The local driver: one OS process per school on a loopback port; see driver.ts. */
export {
  type AdoptionReport,
  createLocalDriver,
  INSTANCE_NODE_FLAGS,
  type LocalDriver,
  type LocalDriverOptions,
} from './driver.ts'
export { DRIVER_MARKER, findMarkedProcesses, INSTANCE_MARKER, probe, terminate } from './processes.ts'
export {
  cmsTenantLookup,
  createLocalRouting,
  type LocalRouting,
  type TenantFacts,
  type TenantLookup,
} from './routes.ts'
export { prepareStandalone } from './standalone.ts'
export { hashEnv } from './state.ts'
