/**
 * The setup-progress page after checkout (`/schools/<id>`) and its event stream, through the
 * hub's production build against the real cms: who may see it, what each phase shows, and the
 * retry of a failed setup, which queues a provision in the provisioner's queue.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Visitor } from '../accounts/support.ts'
import { type HubWorld, schoolWithAdmin, signedIn, startHubWorld } from '../billing/hub-world.ts'

let world: HubWorld
let mine: Awaited<ReturnType<typeof schoolWithAdmin>>
let theirs: Awaited<ReturnType<typeof schoolWithAdmin>>
let owner: Visitor
let stranger: Visitor

/** The provision jobs queued for a school (graphile-worker, the provisioner's queue). */
async function provisionJobs(tenantId: string): Promise<number> {
  const { rows } = await world.pool.query<{ n: number }>(
    'select count(*)::int as n from graphile_worker.jobs where key = $1',
    [`lifecycle:${tenantId}:provision`],
  )
  return rows[0]?.n ?? 0
}

beforeAll(async () => {
  world = await startHubWorld()
  mine = await schoolWithAdmin(world, 'progress')
  theirs = await schoolWithAdmin(world, 'other')
  owner = await signedIn(world, mine.email)
  stranger = await signedIn(world, theirs.email)
})

afterAll(async () => {
  await world?.close()
})

describe('the setup progress page', () => {
  it('sends a signed-out visitor to sign in, and back', async () => {
    const anonymous = new Visitor(world.hub.url)
    const page = await anonymous.get(`/schools/${mine.school.id}`)
    expect(page.status).toBe(303)
    expect(page.location).toBe(`/login?next=${encodeURIComponent(`/schools/${mine.school.id}`)}`)
    const stream = await anonymous.get(`/schools/${mine.school.id}/events`)
    expect(stream.status).toBe(401)
  })

  it('answers another school’s admin exactly like a school that does not exist', async () => {
    const foreign = await stranger.get(`/schools/${mine.school.id}`)
    const missing = await stranger.get(`/schools/${randomUUID()}`)
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(foreign.body.replaceAll(mine.school.id, 'ID')).not.toContain(mine.school.name)
    expect((await stranger.get(`/schools/${mine.school.id}/events`)).status).toBe(404)
    expect((await stranger.get('/schools/not-a-uuid')).status).toBe(404)
  })

  it('shows the admin every step of the setup, waiting for the payment', async () => {
    const page = await owner.get(`/schools/${mine.school.id}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-phase="awaiting-payment"')
    for (const step of [
      'mark-provisioning',
      'mint-credential',
      'ensure-dns',
      'deploy',
      'wait-healthy',
      'mark-active',
      'send-welcome',
    ]) {
      expect(page.body).toContain(`data-step="${step}" data-status="pending"`)
    }
    expect(page.body).toContain(`href="/checkout/${mine.school.id}"`)
  })

  it('refuses a retry while nothing failed (409), and queues nothing', async () => {
    const retry = await owner.post(`/schools/${mine.school.id}?/retry`, {})
    expect(retry.status).toBe(409)
    expect(await provisionJobs(mine.school.id)).toBe(0)
  })

  it('shows a failed setup with its reason, streams it, and queues a provision on retry', async () => {
    await world.platform.create('provisioning-runs', {
      tenant: mine.school.id,
      action: 'provision',
      status: 'failed',
      attempts: 5,
      error: 'the instance did not answer /healthz within 60 s',
      steps: [
        { step: 'mark-provisioning', status: 'succeeded', attempt: 1, startedAt: new Date().toISOString() },
        { step: 'deploy', status: 'failed', attempt: 5, startedAt: new Date().toISOString() },
      ],
    })
    await world.platform.update('tenants', mine.school.id, { status: 'failed' })

    const page = await owner.get(`/schools/${mine.school.id}`)
    expect(page.body).toContain('data-phase="failed"')
    expect(page.body).toContain('data-step="deploy" data-status="failed"')
    expect(page.body).toContain('the instance did not answer /healthz within 60 s')
    expect(page.body).toContain('action="?/retry"')

    // The stream sends the settled view once, then ends.
    const stream = await owner.get(`/schools/${mine.school.id}/events`)
    expect(stream.status).toBe(200)
    const events = stream.body.split('\n\n').filter((chunk) => chunk.startsWith('event: progress'))
    expect(events).toHaveLength(1)
    const view = JSON.parse(events[0]?.split('data: ')[1] ?? '{}') as { phase: string; settled: boolean }
    expect(view).toMatchObject({ phase: 'failed', settled: true })

    // Another school's admin cannot retry it; its owner can.
    expect((await stranger.post(`/schools/${mine.school.id}?/retry`, {})).status).toBe(404)
    expect(await provisionJobs(mine.school.id)).toBe(0)
    const retry = await owner.post(`/schools/${mine.school.id}?/retry`, {})
    expect(retry.status).toBe(200)
    expect(await provisionJobs(mine.school.id)).toBe(1)
  })
})
