import { randomUUID } from 'node:crypto'
import { withClient } from '@lyceum/postgres'
import { afterAll, beforeAll, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import {
  buildWorld,
  createCourse,
  createEnrolledLesson,
  createKey,
  createMember,
  type Role,
  TINY_PNG,
  type World,
} from '../support/world.ts'

let cms: TestCms
let world: World
beforeAll(async () => {
  cms = await startTestCms()
  world = await buildWorld(cms.payload)
}, 180_000)
afterAll(() => cms?.close())

const rest = async (role: Role, method: string, path: string, body?: unknown) => {
  const headers: Record<string, string> = { ...world.authHeader(role) }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${cms.baseUrl}/api/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return `${res.status} ${text.slice(0, 1500)}`
}
const gql = async (role: Role, query: string) => {
  const res = await fetch(`${cms.baseUrl}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...world.authHeader(role) },
    body: JSON.stringify({ query }),
  })
  return `${res.status} ${(await res.text()).slice(0, 1500)}`
}

it('explore', async () => {
  const { A, B } = world.tenants
  const p = cms.payload
  const x = await createMember(p, A.tenant, 'learner')
  await p.update({
    collection: 'users',
    id: x.id,
    data: {
      memberships: [
        { tenant: A.tenant, role: 'learner' },
        { tenant: B.tenant, role: 'admin' },
      ],
    },
    overrideAccess: true,
  })
  const bt = await p.findByID({ collection: 'tenants', id: B.tenant, overrideAccess: true })
  const log = (label: string, v: string) => console.log(`\n### ${label}\n${v}`)
  const adminB = world.credentials.adminB
  const adminBId = adminB.kind === 'user' ? adminB.id : ''
  const learnerA = world.credentials.learnerA
  const learnerAId = learnerA.kind === 'user' ? learnerA.id : ''
  const hooks = p.collections.users.config.hooks
  hooks.beforeValidate.unshift(({ data }) => {
    console.log('BV data', JSON.stringify(data))
    return data
  })
  hooks.beforeChange.unshift(({ data }) => {
    console.log('BC data', JSON.stringify(data))
    return data
  })
  hooks.beforeOperation.unshift(({ args, operation }) => {
    console.log('BO', operation, JSON.stringify((args as { data?: unknown }).data))
    return args
  })
  log('x patch empty', await rest('adminA', 'PATCH', `users/${x.id}?depth=0`, { platformRole: null }))
  const other = await createMember(p, A.tenant, 'learner')
  log(
    'plain learner patch',
    await rest('adminA', 'PATCH', `users/${other.id}?depth=0`, { platformRole: null }),
  )
  void learnerAId
  void adminBId
})
