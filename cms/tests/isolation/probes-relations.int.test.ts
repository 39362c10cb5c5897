import { randomUUID } from 'node:crypto'
import type { Where } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import {
  buildWorld,
  createCourse,
  createEnrolledLesson,
  createLesson,
  createMedia,
  createSection,
  type Role,
  unique,
  type World,
} from '../support/world.ts'
import {
  at,
  type Doc,
  normalised,
  probeClient,
  type Reply,
  refId,
  restError,
  userIdOf,
} from './probe-client.ts'

/**
 * Probes 4–6: relationships. Populating a link never shows another school's document, even when
 * the link itself is corrupt; a request cannot create a link to another school's document (the
 * error is the same as for an id that does not exist); and no one but the platform moves a
 * document to another school.
 */

let cms: TestCms
let world: World
let client: ReturnType<typeof probeClient>
/** learnerA's own enrolled course, section, lesson and enrollment. */
let own: { course: string; section: string; lesson: string; enrollment: string }
/** An A lesson (in learnerA's course) whose `course` points at B's published course: a corrupt link. */
let corruptLesson: string
let bCourseTitle: string
let bLessonTitle: string
let bTenantName: string

beforeAll(async () => {
  cms = await startTestCms()
  world = await buildWorld(cms.payload)
  client = probeClient(cms.baseUrl, world)
  const p = cms.payload
  const { A, B } = world.tenants
  const learner = userIdOf(world, 'learnerA')
  const enrolled = await createEnrolledLesson(p, A.tenant, learner)
  const enrollment = await p.find({
    collection: 'enrollments',
    where: { user: { equals: learner } },
    depth: 0,
    overrideAccess: true,
  })
  own = { ...enrolled, enrollment: String(enrollment.docs[0]?.id) }
  bCourseTitle = (await p.findByID({ collection: 'courses', id: B.publishedCourse, overrideAccess: true }))
    .title
  bLessonTitle = (await p.findByID({ collection: 'lessons', id: B.lesson, overrideAccess: true })).title
  bTenantName = (await p.findByID({ collection: 'tenants', id: B.tenant, overrideAccess: true })).name
  // Corrupt links, written as the system straight to the database: even a system call through
  // the Local API refuses them (the multi-tenant plugin filters relationship options by tenant,
  // and a lesson's course is derived from its section).
  corruptLesson = await createLesson(p, A.tenant, own.section)
  await p.db.updateOne({ collection: 'lessons', id: corruptLesson, data: { course: B.publishedCourse } })
  await p.db.updateOne({ collection: 'enrollments', id: own.enrollment, data: { lastLesson: B.lesson } })
}, 180_000)
afterAll(() => cms?.close())

/** Nothing of B's documents in an answer: not their titles, not B's name. */
function expectNoTraceOfB(body: unknown) {
  const text = JSON.stringify(body)
  expect(text).not.toContain(bCourseTitle)
  expect(text).not.toContain(bLessonTitle)
  expect(text).not.toContain(bTenantName)
}

describe('probe 4: depth populates only what the caller may read', () => {
  it('the corrupt links are really in the database', async () => {
    const p = cms.payload
    const lesson = await p.findByID({
      collection: 'lessons',
      id: corruptLesson,
      depth: 0,
      overrideAccess: true,
    })
    const enrollment = await p.findByID({
      collection: 'enrollments',
      id: own.enrollment,
      depth: 0,
      overrideAccess: true,
    })
    expect(refId(lesson.course)).toBe(world.tenants.B.publishedCourse)
    expect(refId(enrollment.lastLesson)).toBe(world.tenants.B.lesson)
  })

  it('learnerA reads their enrollment at depth 3: course, its school and the user are their own', async () => {
    const reply = await client.rest('learnerA', 'GET', `enrollments/${own.enrollment}?depth=3`)
    expect(reply.status).toBe(200)
    const doc = reply.body as Doc
    const course = doc.course as Doc
    expect(course.id).toBe(own.course)
    expect(refId(course.tenant)).toBe(world.tenants.A.tenant)
    expect((course.tenant as Doc).name).toEqual(expect.any(String))
    expect(refId(doc.tenant)).toBe(world.tenants.A.tenant)
    expect(refId(doc.user)).toBe(userIdOf(world, 'learnerA'))
  })

  it.each(['learnerA', 'adminA'] as const)(
    '%s reads an A enrollment whose lastLesson is B’s lesson: an id at most, never the lesson',
    async (role) => {
      const reply = await client.rest(role, 'GET', `enrollments/${own.enrollment}?depth=2`)
      expect(reply.status).toBe(200)
      const last = (reply.body as Doc).lastLesson
      expect(last === null || last === world.tenants.B.lesson).toBe(true)
      expectNoTraceOfB(reply.body)
    },
  )

  it.each(['learnerA', 'adminA'] as const)(
    '%s reads an A lesson whose course is B’s course: an id at most, never the course',
    async (role) => {
      const reply = await client.rest(role, 'GET', `lessons/${corruptLesson}?depth=2`)
      expect(reply.status).toBe(200)
      const course = (reply.body as Doc).course
      expect(course === null || course === world.tenants.B.publishedCourse).toBe(true)
      expectNoTraceOfB(reply.body)
    },
  )

  it.each(['learnerA', 'adminA'] as const)(
    '%s lists lessons at depth 2: B’s course never populated',
    async (role) => {
      const reply = await client.rest(role, 'GET', 'lessons?depth=2&limit=1000')
      expect(reply.status).toBe(200)
      expectNoTraceOfB(reply.body)
    },
  )

  it.each(['learnerA', 'adminA'] as const)(
    '%s over GraphQL: nested selections of the corrupt links are null',
    async (role) => {
      const lesson = await client.gql(
        role,
        `query($id: String!) { Lesson(id: $id) { id course { id title tenant { name } } } }`,
        { id: corruptLesson },
      )
      expect(lesson.errors).toEqual([])
      expect(lesson.data?.Lesson).toEqual({ id: corruptLesson, course: null })
      const enrollment = await client.gql(
        role,
        `query($id: String!) { Enrollment(id: $id) { id lastLesson { id title course { title } } course { id tenant { id } } } }`,
        { id: own.enrollment },
      )
      expect(enrollment.errors).toEqual([])
      expect(enrollment.data?.Enrollment).toEqual({
        id: own.enrollment,
        lastLesson: null,
        course: { id: own.course, tenant: { id: world.tenants.A.tenant } },
      })
      expectNoTraceOfB(lesson.body)
      expectNoTraceOfB(enrollment.body)
    },
  )
})

describe('probe 5: links to another school are refused like links to nothing', () => {
  type LinkCase = {
    name: string
    role: Role
    field: string
    message: string
    send(target: string): Promise<Reply>
    foreign(): string
  }
  const post = (role: Role, collection: string, data: Record<string, unknown>) =>
    client.rest(role, 'POST', `${collection}?depth=0`, data)
  const A = () => world.tenants.A
  const B = () => world.tenants.B
  const cases: LinkCase[] = [
    {
      name: 'instructorA creates an A lesson in B’s section',
      role: 'instructorA',
      field: 'section',
      message: 'No section with this id exists in this school.',
      foreign: () => B().section,
      send: (section) =>
        post('instructorA', 'lessons', {
          tenant: A().tenant,
          section,
          title: 'Probe lesson',
          slug: 'probe-lesson',
          durationSeconds: 60,
          order: 0,
        }),
    },
    {
      name: 'instructorA creates an A section in B’s course',
      role: 'instructorA',
      field: 'course',
      message: 'No course with this id exists in this school.',
      foreign: () => B().publishedCourse,
      send: (course) =>
        post('instructorA', 'sections', { tenant: A().tenant, course, title: 'Probe', order: 0 }),
    },
    {
      name: 'instructorA creates an A course with B’s media as cover',
      role: 'instructorA',
      field: 'cover',
      message: 'No media with this id exists in this school.',
      foreign: () => B().media,
      send: (cover) =>
        post('instructorA', 'courses', { tenant: A().tenant, cover, title: 'Probe', slug: unique('probe') }),
    },
    {
      name: 'adminA enrolls an A learner in B’s course',
      role: 'adminA',
      field: 'course',
      message: 'No course with this id exists in this school.',
      foreign: () => B().publishedCourse,
      send: (course) => post('adminA', 'enrollments', { tenant: A().tenant, user: A().member, course }),
    },
    {
      name: 'learnerA records progress on B’s lesson',
      role: 'learnerA',
      field: 'lesson',
      message: 'No lesson with this id exists in this school.',
      foreign: () => B().lesson,
      send: (lesson) =>
        post('learnerA', 'lesson-progress', {
          tenant: A().tenant,
          user: userIdOf(world, 'learnerA'),
          lesson,
        }),
    },
    {
      name: 'adminA sets B’s media as A’s logo',
      role: 'adminA',
      field: 'branding.logo',
      message: 'No media file with this id exists in this school.',
      foreign: () => B().media,
      send: (logo) => client.rest('adminA', 'PATCH', `tenants/${A().tenant}?depth=0`, { branding: { logo } }),
    },
    {
      name: 'instructorA moves an A lesson into B’s section',
      role: 'instructorA',
      field: 'section',
      message: 'No section with this id exists in this school.',
      foreign: () => B().section,
      send: (section) => client.rest('instructorA', 'PATCH', `lessons/${A().lesson}?depth=0`, { section }),
    },
    {
      name: 'instructorA points an A course’s cover at B’s media',
      role: 'instructorA',
      field: 'cover',
      message: 'No media with this id exists in this school.',
      foreign: () => B().media,
      send: (cover) => client.rest('instructorA', 'PATCH', `courses/${A().draftCourse}?depth=0`, { cover }),
    },
  ]

  it.each(cases)('$name: 400 on $field, same answer as a random id', async (c) => {
    const foreign = c.foreign()
    const missing = randomUUID()
    const a = await c.send(foreign)
    const b = await c.send(missing)
    expect(a.status).toBe(400)
    expect(restError(a).fields).toEqual([{ path: c.field, message: c.message }])
    expect(normalised(a.body, foreign)).toBe(normalised(b.body, missing))
    expect(b.status).toBe(400)
  })

  it('nothing was linked: the database holds no A document pointing at B', async () => {
    const p = cms.payload
    const { A, B } = world.tenants
    const count = async (
      collection: 'lessons' | 'sections' | 'courses' | 'enrollments' | 'lesson-progress',
      where: Where,
    ) =>
      (
        await p.count({
          collection,
          where: { and: [{ tenant: { equals: A.tenant } }, where] },
          overrideAccess: true,
        })
      ).totalDocs
    expect(await count('lessons', { section: { equals: B.section } })).toBe(0)
    expect(await count('sections', { course: { equals: B.publishedCourse } })).toBe(0)
    expect(await count('courses', { cover: { equals: B.media } })).toBe(0)
    expect(await count('enrollments', { course: { equals: B.publishedCourse } })).toBe(0)
    expect(await count('lesson-progress', { lesson: { equals: B.lesson } })).toBe(0)
    const tenant = await p.findByID({ collection: 'tenants', id: A.tenant, depth: 0, overrideAccess: true })
    expect(tenant.branding?.logo ?? null).toBeNull()
  })

  it('learnerA points their enrollment’s lastLesson at B’s lesson: refused like a random id', async () => {
    const send = (lastLesson: string) =>
      client.rest('learnerA', 'PATCH', `enrollments/${own.enrollment}?depth=0`, { lastLesson })
    const foreign = world.tenants.B.lesson
    const missing = randomUUID()
    const a = await send(foreign)
    const b = await send(missing)
    expect(a.status).toBe(400)
    expect(restError(a).fields.map((f) => f.path)).toEqual(['lastLesson'])
    expect(normalised(a.body, foreign)).toBe(normalised(b.body, missing))
  })

  it('learnerA points their progress record’s course at B’s course: refused like a random id', async () => {
    const p = cms.payload
    const learner = userIdOf(world, 'learnerA')
    const progress = await p.create({
      collection: 'lesson-progress',
      data: { tenant: world.tenants.A.tenant, user: learner, lesson: own.lesson },
      overrideAccess: true,
    })
    const send = (course: string) =>
      client.rest('learnerA', 'PATCH', `lesson-progress/${progress.id}?depth=0`, { course })
    const foreign = world.tenants.B.publishedCourse
    const missing = randomUUID()
    const a = await send(foreign)
    const b = await send(missing)
    expect(a.status).toBe(400)
    expect(restError(a).fields.map((f) => f.path)).toEqual(['course'])
    expect(normalised(a.body, foreign)).toBe(normalised(b.body, missing))
    const stored = await p.findByID({
      collection: 'lesson-progress',
      id: progress.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(refId(stored.course)).toBe(own.course)
  })

  it('relationship values in other shapes ({ id }, { relationTo, value }, [id]) are refused too', async () => {
    const { A, B } = world.tenants
    for (const section of [{ id: B.section }, { relationTo: 'sections', value: B.section }, [B.section]]) {
      const reply = await client.rest('instructorA', 'POST', 'lessons?depth=0', {
        tenant: A.tenant,
        section,
        title: 'Shape probe',
        slug: 'shape-probe',
        durationSeconds: 1,
      })
      expect(reply.status).toBe(400)
      expect(restError(reply).fields.map((f) => f.path)).toEqual(['section'])
    }
    const linked = await cms.payload.count({
      collection: 'lessons',
      where: { section: { equals: B.section }, tenant: { equals: A.tenant } },
      overrideAccess: true,
    })
    expect(linked.totalDocs).toBe(0)
  })

  it.each([
    [
      'instructorA',
      'createLesson',
      'mutation($data: mutationLessonInput!) { createLesson(data: $data) { id } }',
    ],
    [
      'adminA',
      'createEnrollment',
      'mutation($data: mutationEnrollmentInput!) { createEnrollment(data: $data) { id } }',
    ],
  ] as const)(
    '%s over GraphQL (%s): the same refusal for a foreign and a random id',
    async (role, name, mutation) => {
      const { A, B } = world.tenants
      const data = (target: string) =>
        name === 'createLesson'
          ? { tenant: A.tenant, section: target, title: 'G', slug: 'g', durationSeconds: 1, order: 0 }
          : { tenant: A.tenant, user: A.member, course: target }
      const foreign = name === 'createLesson' ? B.section : B.publishedCourse
      const missing = randomUUID()
      const a = await client.gql(role, mutation, { data: data(foreign) })
      const b = await client.gql(role, mutation, { data: data(missing) })
      expect(a.errorStatus).toBe(400)
      expect(a.errors[0]?.extensions?.data).toEqual({
        collection: name === 'createLesson' ? 'lessons' : 'enrollments',
        errors: [
          name === 'createLesson'
            ? { path: 'section', message: 'No section with this id exists in this school.' }
            : { path: 'course', message: 'No course with this id exists in this school.' },
        ],
      })
      expect(normalised(a.body, foreign)).toBe(normalised(b.body, missing))
    },
  )
})

describe('probe 6: nobody but the platform moves a document to another school', () => {
  type MoveCase = [
    role: Role,
    collection: 'courses' | 'sections' | 'lessons' | 'media' | 'enrollments',
    make: () => Promise<string>,
  ]
  const A = () => world.tenants.A.tenant
  const moves: MoveCase[] = [
    ['adminA', 'courses', () => createCourse(cms.payload, A(), true)],
    ['instructorA', 'courses', () => createCourse(cms.payload, A(), false)],
    ['instructorA', 'sections', () => createSection(cms.payload, A(), world.tenants.A.publishedCourse)],
    ['instructorA', 'lessons', () => createLesson(cms.payload, A(), world.tenants.A.section)],
    ['adminA', 'media', () => createMedia(cms.payload, A())],
    [
      'adminA',
      'enrollments',
      async () => (await createEnrolledLesson(cms.payload, A(), world.tenants.A.member)).course,
    ],
  ]
  const tenantOf = async (collection: MoveCase[1], id: string) =>
    refId((await cms.payload.findByID({ collection, id, depth: 0, overrideAccess: true })).tenant)

  /** The document to move: for enrollments, the enrollment of the fresh course. */
  async function target(collection: MoveCase[1], make: MoveCase[2]): Promise<string> {
    const id = await make()
    if (collection !== 'enrollments') return id
    const res = await cms.payload.find({
      collection,
      where: { course: { equals: id } },
      overrideAccess: true,
    })
    return String(res.docs[0]?.id)
  }

  it.each(moves)('%s PATCH %s/<id> { tenant: B }: stays in A', async (role, collection, make) => {
    const id = await target(collection, make)
    const reply = await client.rest(role, 'PATCH', `${collection}/${id}?depth=0`, {
      tenant: world.tenants.B.tenant,
    })
    expect(reply.status).toBe(200)
    expect(refId(at(reply.body, 'doc', 'tenant'))).toBe(A())
    expect(await tenantOf(collection, id)).toBe(A())
  })

  it.each(moves)(
    '%s bulk PATCH %s?where[id][equals]=<id> { tenant: B }: stays in A',
    async (role, collection, make) => {
      const id = await target(collection, make)
      const reply = await client.rest(role, 'PATCH', `${collection}?where[id][equals]=${id}&depth=0`, {
        tenant: world.tenants.B.tenant,
      })
      expect(reply.status).toBe(200)
      expect(await tenantOf(collection, id)).toBe(A())
    },
  )

  it('adminA over GraphQL updateCourse(data: { tenant: B }): stays in A', async () => {
    const id = await createCourse(cms.payload, A(), true)
    const reply = await client.gql(
      'adminA',
      'mutation($id: String!, $data: mutationCourseUpdateInput!) { updateCourse(id: $id, data: $data) { id tenant { id } } }',
      { id, data: { tenant: world.tenants.B.tenant } },
    )
    expect(reply.errors).toEqual([])
    expect(reply.data?.updateCourse).toEqual({ id, tenant: { id: A() } })
    expect(await tenantOf('courses', id)).toBe(A())
  })

  it('the platform can move a course (the one legitimate mover)', async () => {
    const id = await createCourse(cms.payload, A(), false)
    const reply = await client.rest('platformKey', 'PATCH', `courses/${id}?depth=0`, {
      tenant: world.tenants.B.tenant,
    })
    expect(reply.status).toBe(200)
    expect(await tenantOf('courses', id)).toBe(world.tenants.B.tenant)
  })
})
