import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'

let cms: TestCms
beforeAll(async () => {
  cms = await startTestCms()
})
afterAll(() => cms?.close())

it('serves REST and GraphQL on a migrated database', async () => {
  const rest = await fetch(`${cms.baseUrl}/api/plans`)
  expect(rest.status).toBe(200)
  const gql = await fetch(`${cms.baseUrl}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ Plans { totalDocs } }' }),
  })
  expect(await gql.json()).toEqual({ data: { Plans: { totalDocs: 0 } } })
})
