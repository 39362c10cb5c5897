import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readJourneyTimings, writeJourneyTimings } from './timings.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'journey-timings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('journey timings', () => {
  it('reads back what was written, the last write winning', () => {
    const file = path.join(dir, 'nested', 'timings.json')
    writeJourneyTimings(
      { paidToLiveSeconds: 9.7, platformReadySeconds: 104.1, measuredAt: '2026-11-22T01:03:00.000Z' },
      file,
    )
    writeJourneyTimings(
      { paidToLiveSeconds: 5.2, platformReadySeconds: 80, measuredAt: '2026-11-22T02:00:00.000Z' },
      file,
    )
    expect(readJourneyTimings(file)).toEqual({
      paidToLiveSeconds: 5.2,
      platformReadySeconds: 80,
      measuredAt: '2026-11-22T02:00:00.000Z',
    })
  })

  it.each([
    ['no file', null],
    ['not JSON', '{'],
    ['a number', '42'],
    ['a missing field', JSON.stringify({ paidToLiveSeconds: 1, measuredAt: '2026-11-22T00:00:00Z' })],
    [
      'a string for a number',
      JSON.stringify({ paidToLiveSeconds: '1', platformReadySeconds: 2, measuredAt: '2026-11-22T00:00:00Z' }),
    ],
    [
      'a date that is not one',
      JSON.stringify({ paidToLiveSeconds: 1, platformReadySeconds: 2, measuredAt: 'yesterday' }),
    ],
  ])('answers null for %s', (name, content) => {
    const file = path.join(dir, `${name.replaceAll(' ', '-')}.json`)
    if (content !== null) writeFileSync(file, content)
    expect(readJourneyTimings(file)).toBeNull()
  })
})
