import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import { buildWorld, HOME, ROLES, type Role, type TenantKey, type World } from '../support/world.ts'
import { type SubjectDef, subjects } from './subjects.ts'
import type { Answer, Surface } from './surfaces.ts'
import { EXPECTED, OPS, type Op, SUBJECTS, type Subject, TENANT_BOUND } from './table.ts'

const OWN: Record<Role, TenantKey> = {
  anonymous: 'A',
  learnerA: 'A',
  instructorA: 'A',
  adminA: 'A',
  adminB: 'B',
  keyA: 'A',
  platformKey: 'A',
  superAdmin: 'A',
}
const other = (k: TenantKey): TenantKey => (k === 'A' ? 'B' : 'A')

const sameValue = (a: unknown, b: unknown) => {
  if (typeof b === 'string' && !Number.isNaN(Date.parse(b)) && /^\d{4}-/.test(b)) {
    return typeof a === 'string' && new Date(a).getTime() === new Date(b).getTime()
  }
  return a === b
}

/**
 * Runs the isolation table (table.ts) on one surface: every role × subject × operation against
 * the role's own school and the other school. Each cell's outcome is judged by the database as it
 * is afterwards, not by what the surface claims. A last test asserts that no role bound to one
 * school read or wrote anything of the other, and that another school's id answers exactly like
 * an id that does not exist.
 */
export function describeIsolationMatrix(
  surfaceName: Surface['name'],
  makeSurface: (cms: TestCms, world: World) => Surface,
) {
  let cms: TestCms
  let world: World
  let surface: Surface
  let defs: Record<Subject, SubjectDef>
  const crossings: string[] = []
  let cellsRun = 0

  beforeAll(async () => {
    cms = await startTestCms()
    world = await buildWorld(cms.payload)
    surface = makeSurface(cms, world)
    defs = subjects(cms.payload)
  }, 180_000)
  afterAll(async () => {
    console.info(
      `isolation matrix (${surfaceName}): ${cellsRun} operations, ${crossings.length} cross-tenant reads or writes`,
    )
    await cms?.close()
  })

  const exists = async (def: SubjectDef, id: string) =>
    (
      await cms.payload.count({
        collection: def.collection,
        where: { id: { equals: id } },
        overrideAccess: true,
      })
    ).totalDocs === 1

  async function happened(op: Op, role: Role, def: SubjectDef, tenant: TenantKey): Promise<boolean> {
    const target = def.target(world.tenants[tenant])
    switch (op) {
      case 'create': {
        const answer = await surface.create(role, def.collection, await def.createInput(world, tenant, role))
        const id = answer.ids[0]
        return answer.status < 300 && id !== undefined && (await exists(def, id))
      }
      case 'find':
        return (await surface.find(role, def.collection, target)).ids.includes(target)
      case 'findByID': {
        const answer = await surface.findByID(role, def.collection, target)
        return answer.status === 200 && answer.ids[0] === target
      }
      case 'count':
        return (await surface.count(role, def.collection, target)).total === 1
      case 'update':
      case 'bulkUpdate': {
        const { field, value, extra } = def.update()
        const data = { ...extra, [field]: value }
        if (op === 'update') await surface.update(role, def.collection, target, data)
        else await surface.bulkUpdate(role, def.collection, target, data)
        const doc = (await cms.payload.findByID({
          collection: def.collection,
          id: target,
          depth: 0,
          overrideAccess: true,
        })) as unknown as Record<string, unknown>
        return sameValue(doc[field], value)
      }
      case 'delete':
      case 'bulkDelete': {
        const victim = await def.disposable(world, tenant)
        if (op === 'delete') await surface.delete(role, def.collection, victim)
        else await surface.bulkDelete(role, def.collection, victim)
        return !(await exists(def, victim))
      }
    }
  }

  describe.each(SUBJECTS)(`isolation matrix over ${surfaceName}: %s`, (subject) => {
    it.each(ROLES)('%s', async (role) => {
      const def = defs[subject]
      const [ownExpected, foreignExpected] = EXPECTED[subject][role]
      const own = OWN[role]
      const actual: Record<'own' | 'foreign', string> = { own: '', foreign: '' }
      const expected = { own: '', foreign: '' }
      for (const [side, tenant, cells] of [
        ['own', own, ownExpected],
        ['foreign', other(own), foreignExpected],
      ] as const) {
        for (const [i, op] of OPS.entries()) {
          if (!surface.supports(op, def.collection)) {
            actual[side] += '·'
            expected[side] += '·'
            continue
          }
          cellsRun++
          const did = await happened(op, role, def, tenant)
          actual[side] += did ? 'Y' : '-'
          expected[side] += cells[i]
          const home = HOME[role]
          if (did && home !== null && tenant !== home && TENANT_BOUND.has(subject)) {
            crossings.push(`${role} ${op} ${subject} of school ${tenant}`)
          }
        }
      }
      expect(actual).toEqual(expected)
    })
  })

  describe(`another school's id answers like a missing one over ${surfaceName}`, () => {
    const normalise = (answer: Answer, ...ids: string[]) => {
      let body = JSON.stringify(answer.body)
      for (const id of ids) body = body.replaceAll(id, '<id>')
      return { status: answer.status, body }
    }
    const roles = ROLES.filter((r) => r === 'anonymous' || HOME[r] !== null)
    const subjectsWithTenants = SUBJECTS.filter((s) => TENANT_BOUND.has(s))
    it.each(roles)('%s', async (role) => {
      const foreignTenant = other(OWN[role])
      const mismatches: string[] = []
      for (const subject of subjectsWithTenants) {
        const def = defs[subject]
        // The anonymous public catalog is readable everywhere, so there is no "foreign" course.
        if (role === 'anonymous' && subject === 'courses') continue
        const foreign = def.target(world.tenants[foreignTenant])
        const victim = await def.disposable(world, foreignTenant)
        const missing = randomUUID()
        const { field, value, extra } = def.update()
        const updateData = { ...extra, [field]: value }
        const probes: Array<[string, (id: string) => Promise<Answer>, string]> = [
          ['findByID', (id) => surface.findByID(role, def.collection, id), foreign],
          ['update', (id) => surface.update(role, def.collection, id, updateData), foreign],
          ['delete', (id) => surface.delete(role, def.collection, id), victim],
        ]
        for (const [op, call, id] of probes) {
          const a = normalise(await call(id), id)
          const b = normalise(await call(missing), missing)
          if (a.status !== b.status || a.body !== b.body) {
            mismatches.push(`${subject} ${op}: foreign ${a.status} ${a.body} ≠ missing ${b.status} ${b.body}`)
          }
          // A role that reads this collection at all gets 404; one with no access to the
          // collection gets the same 403 for every id, existing or not.
          const readsCollection = EXPECTED[subject][role][0][1] === 'Y'
          const wanted = readsCollection ? [404] : [403, 404]
          if (!wanted.includes(a.status)) mismatches.push(`${subject} ${op}: foreign id answered ${a.status}`)
        }
      }
      expect(mismatches).toEqual([])
    })
  })

  it(`crosses no tenant boundary over ${surfaceName}`, () => {
    expect(cellsRun).toBeGreaterThan(500)
    expect(crossings).toEqual([])
  })
}
