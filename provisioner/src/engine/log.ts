/** The engine's logging: one line per event, with a level; the default writes to the console. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Receives the engine's log lines. */
export type Log = (level: LogLevel, message: string) => void

/**
 * A console log with a `[provisioner]` prefix. `error` goes to `console.warn` too: failures the
 * engine handles (a step to retry, a failed school) are reported, not crashes. Lines below
 * `minLevel` are dropped.
 */
export function consoleLog(minLevel: LogLevel = 'info'): Log {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error']
  const min = order.indexOf(minLevel)
  return (level, message) => {
    if (order.indexOf(level) < min) return
    const line = `[provisioner] ${level === 'info' ? '' : `${level}: `}${message}`
    if (level === 'warn' || level === 'error') console.warn(line)
    else console.log(line)
  }
}
