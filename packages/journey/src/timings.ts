/**
 * @lyceum/journey/timings: the numbers the end-to-end journey measures, kept for `bench/start`
 * to print (the journey is too long to run inside the benchmark). One JSON file, overwritten by
 * every journey run: `artifacts/bench/journey-timings.json` at the repository root (git-ignored).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** Where the last journey's timings are written. */
export const JOURNEY_TIMINGS_FILE = path.join(repoRoot, 'artifacts', 'bench', 'journey-timings.json')

/** What one journey run measured. */
export type JourneyTimings = {
  /** Seconds from pressing "pay" in the sandbox checkout until the browser shows the live school. */
  paidToLiveSeconds: number
  /** Seconds from spawning `npm start`'s script until it printed "ready" (fresh data folder). */
  platformReadySeconds: number
  /** When the journey measured them (ISO 8601). */
  measuredAt: string
}

/** Writes `timings` to {@link JOURNEY_TIMINGS_FILE}, replacing the previous run's. */
export function writeJourneyTimings(timings: JourneyTimings, file = JOURNEY_TIMINGS_FILE): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(timings, null, 2)}\n`)
}

/**
 * The last journey's timings, or null when no journey has run here (no file) or the file is not
 * a record this module wrote.
 */
export function readJourneyTimings(file = JOURNEY_TIMINGS_FILE): JourneyTimings | null {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
  if (typeof raw !== 'object' || raw === null) return null
  const { paidToLiveSeconds, platformReadySeconds, measuredAt } = raw as Record<string, unknown>
  if (
    typeof paidToLiveSeconds !== 'number' ||
    typeof platformReadySeconds !== 'number' ||
    typeof measuredAt !== 'string' ||
    Number.isNaN(Date.parse(measuredAt))
  )
    return null
  return { paidToLiveSeconds, platformReadySeconds, measuredAt }
}
