/** graphile-worker helpers shared by the webhook endpoints and the worker. */
import { ensureQueueSchema } from '@lyceum/provisioner/engine'
import { Logger } from 'graphile-worker'

export { ensureQueueSchema }

/** graphile-worker's logger, passing only warnings and errors to `log`. */
export function quietLoggerFor(log: (message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`[billing] graphile-worker ${level}: ${message}`)
  })
}
