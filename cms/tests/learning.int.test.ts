/**
 * The learning records' rules beyond the isolation matrix: the cms grades quiz attempts (and
 * hides the answers from learners), issues a certificate only for a completed course, and keeps
 * invitations single-use and short-lived. Over REST, as the learner's own session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'
import {
  createEnrolledLesson,
  createInvitation,
  createKey,
  createMember,
  createTenant,
  PASSWORD,
} from './support/world.ts'

let cms: TestCms
let tenant: string
let learner: { id: string; email: string }
let token: string

beforeAll(async () => {
  cms = await startTestCms()
  tenant = await createTenant(cms.payload)
  learner = await createMember(cms.payload, tenant, 'learner')
  const login = await cms.payload.login({
    collection: 'users',
    data: { email: learner.email, password: PASSWORD },
  })
  token = login.token ?? ''
})
afterAll(() => cms?.close())

async function rest(method: string, path: string, body?: unknown, auth = `JWT ${token}`) {
  const res = await fetch(`${cms.baseUrl}/api/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { doc?: Record<string, unknown> },
  }
}

/** A course the learner is enrolled in, with one lesson and a two-question quiz (pass at 50 %). */
async function courseWithQuiz() {
  const { course, section, lesson } = await createEnrolledLesson(cms.payload, tenant, learner.id)
  const quiz = await cms.payload.create({
    collection: 'quizzes',
    overrideAccess: true,
    data: {
      tenant,
      section,
      title: 'Check',
      passingScore: 50,
      questions: [
        {
          prompt: 'One',
          kind: 'single',
          options: [
            { text: 'yes', correct: true },
            { text: 'no', correct: false },
          ],
          explanation: 'Because.',
        },
        {
          prompt: 'Several',
          kind: 'multiple',
          options: [
            { text: 'a', correct: true },
            { text: 'b', correct: true },
            { text: 'c', correct: false },
          ],
        },
      ],
    },
  })
  const q = quiz.questions ?? []
  const ids = q.map((question) => ({
    id: question.id ?? '',
    options: (question.options ?? []).map((o) => o.id ?? ''),
  }))
  return { course, lesson, quiz: quiz.id, ids }
}

describe('quizzes and attempts', () => {
  it('hides which options are correct from the learner, not from the school’s staff', async () => {
    const { quiz } = await courseWithQuiz()
    const asLearner = await rest('GET', `quizzes/${quiz}?depth=0`)
    expect(asLearner.status).toBe(200)
    const options = (asLearner.body.questions as Array<{ options: Array<Record<string, unknown>> }>)[0]
      ?.options
    expect(options?.map((o) => Object.hasOwn(o, 'correct'))).toEqual([false, false])
    const key = await createKey(cms.payload, 'tenant', tenant)
    const asKey = await rest(
      'GET',
      `quizzes/${quiz}?depth=0`,
      undefined,
      `service-keys API-Key ${key.apiKey}`,
    )
    const keyOptions = (asKey.body.questions as Array<{ options: Array<{ correct?: boolean }> }>)[0]?.options
    expect(keyOptions?.map((o) => o.correct)).toEqual([true, false])
  })

  it.each([
    {
      name: 'all right',
      pick: (i: Ids) => ({ [i[0].id]: [i[0].options[0]], [i[1].id]: [i[1].options[0], i[1].options[1]] }),
      score: 100,
      passed: true,
      results: [true, true],
    },
    {
      name: 'half right',
      pick: (i: Ids) => ({ [i[0].id]: [i[0].options[0]], [i[1].id]: [i[1].options[0]] }),
      score: 50,
      passed: true,
      results: [true, false],
    },
    {
      name: 'one extra option is wrong',
      pick: (i: Ids) => ({ [i[0].id]: [i[0].options[1]], [i[1].id]: i[1].options }),
      score: 0,
      passed: false,
      results: [false, false],
    },
    { name: 'nothing answered', pick: () => ({}), score: 0, passed: false, results: [false, false] },
  ])('grades "$name" itself, whatever score is sent', async ({ pick, score, passed, results }) => {
    const { quiz, ids } = await courseWithQuiz()
    const reply = await rest('POST', 'quiz-attempts', {
      tenant,
      user: learner.id,
      quiz,
      answers: pick(ids as Ids),
      score: 100,
      passed: true,
    })
    expect(reply.status).toBe(201)
    expect(reply.body.doc).toMatchObject({ score, passed })
    const graded = (reply.body.doc?.results ?? {}) as Record<string, boolean>
    expect(ids.map((q) => graded[q.id])).toEqual(results)
  })

  it('refuses answers that name other questions or options, and two options for single choice', async () => {
    const { quiz, ids } = await courseWithQuiz()
    const [first, second] = ids as Ids
    for (const answers of [
      { 'no-such-question': [] },
      { [first.id]: ['no-such-option'] },
      { [first.id]: first.options },
      { [second.id]: 'a' },
      ['not', 'a', 'map'],
    ]) {
      const reply = await rest('POST', 'quiz-attempts', { tenant, user: learner.id, quiz, answers })
      expect(reply.status, JSON.stringify(answers)).toBe(400)
    }
  })

  it('refuses an attempt at a quiz of a course the learner is not enrolled in, and any change after', async () => {
    const other = await createMember(cms.payload, tenant, 'learner')
    const { quiz } = await (async () => {
      const { section } = await createEnrolledLesson(cms.payload, tenant, other.id)
      return {
        quiz: (
          await cms.payload.create({
            collection: 'quizzes',
            overrideAccess: true,
            data: { tenant, section, title: 'Theirs', passingScore: 0, questions: [] },
          })
        ).id,
      }
    })()
    expect(
      (await rest('POST', 'quiz-attempts', { tenant, user: learner.id, quiz, answers: {} })).status,
    ).toBe(400)
    const mine = await courseWithQuiz()
    const attempt = await rest('POST', 'quiz-attempts', {
      tenant,
      user: learner.id,
      quiz: mine.quiz,
      answers: {},
    })
    expect(attempt.status).toBe(201)
    const patch = await rest('PATCH', `quiz-attempts/${attempt.body.doc?.id}`, { score: 100, passed: true })
    expect(patch.status).toBe(403)
  })
})

type Ids = [{ id: string; options: string[] }, { id: string; options: string[] }]

describe('certificates', () => {
  it('are issued only once every lesson is complete and every quiz passed, with a code and snapshot', async () => {
    const { course, lesson, quiz, ids } = await courseWithQuiz()
    const claim = () => rest('POST', 'certificates', { tenant, user: learner.id, course, code: 'LYC-FAKE' })
    expect((await claim()).status).toBe(400)
    await rest('POST', 'lesson-progress', {
      tenant,
      user: learner.id,
      lesson,
      completedAt: new Date().toISOString(),
    })
    expect((await claim()).status).toBe(400) // the quiz is not passed yet
    await rest('POST', 'quiz-attempts', { tenant, user: learner.id, quiz, answers: {} }) // failed
    expect((await claim()).status).toBe(400)
    const [first] = ids as Ids
    await rest('POST', 'quiz-attempts', {
      tenant,
      user: learner.id,
      quiz,
      answers: { [first.id]: [first.options[0]] },
    })
    const issued = await claim()
    expect(issued.status).toBe(201)
    expect(issued.body.doc?.code).toMatch(/^LYC-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/)
    expect(issued.body.doc).toMatchObject({ learnerName: learner.email })
    expect((await claim()).status).toBe(400) // one per learner and course
  })
})

describe('invitations', () => {
  it('expire 7 days after creation and are accepted once', async () => {
    const key = await createKey(cms.payload, 'tenant', tenant)
    const asKey = `service-keys API-Key ${key.apiKey}`
    const id = await createInvitation(cms.payload, tenant)
    const invitation = await cms.payload.findByID({ collection: 'invitations', id, overrideAccess: true })
    const ttl = Date.parse(invitation.expiresAt ?? '') - Date.parse(invitation.createdAt)
    expect(Math.abs(ttl - 7 * 24 * 3600 * 1000)).toBeLessThan(5_000)
    const invitee = await createMember(cms.payload, null, 'learner')
    await cms.payload.update({
      collection: 'invitations',
      id,
      data: { email: invitee.email },
      overrideAccess: true,
    })
    const accept = () =>
      rest(
        'PATCH',
        `invitations/${id}`,
        { acceptedAt: new Date().toISOString(), acceptedBy: invitee.id },
        asKey,
      )
    expect((await accept()).status).toBe(200)
    expect((await accept()).status).toBe(400)
    expect((await rest('PATCH', `invitations/${id}`, { tokenHash: 'a'.repeat(64) }, asKey)).status).toBe(400)
  })

  it('cannot be accepted once expired', async () => {
    const key = await createKey(cms.payload, 'tenant', tenant)
    const id = await createInvitation(cms.payload, tenant)
    await cms.payload.db.updateOne({
      collection: 'invitations',
      id,
      data: { expiresAt: new Date(Date.now() - 1000).toISOString() },
    })
    const reply = await rest(
      'PATCH',
      `invitations/${id}`,
      { acceptedAt: new Date().toISOString() },
      `service-keys API-Key ${key.apiKey}`,
    )
    expect(reply.status).toBe(400)
  })

  it('let the school’s key add a learner row to an invited existing account, and to no one else', async () => {
    const key = await createKey(cms.payload, 'tenant', tenant)
    const asKey = `service-keys API-Key ${key.apiKey}`
    const otherSchool = await createTenant(cms.payload)
    const invited = await createMember(cms.payload, otherSchool, 'learner')
    const stranger = await createMember(cms.payload, otherSchool, 'learner')
    const join = (id: string, role = 'learner') =>
      rest('PATCH', `users/${id}?depth=0`, { memberships: [{ tenant, role }] }, asKey)
    // No open invitation for either address: the key cannot touch them (404, like a missing id).
    expect((await join(invited.id)).status).toBe(404)
    const id = await createInvitation(cms.payload, tenant)
    await cms.payload.update({
      collection: 'invitations',
      id,
      data: { email: invited.email },
      overrideAccess: true,
    })
    expect((await join(stranger.id)).status).toBe(404)
    expect((await join(invited.id, 'admin')).status).toBe(403) // a key adds learners only
    expect((await join(invited.id)).status).toBe(200)
    const after = await cms.payload.findByID({
      collection: 'users',
      id: invited.id,
      depth: 0,
      overrideAccess: true,
    })
    const rows = (after.memberships ?? []).map((m) => [String(m.tenant), m.role])
    expect(rows.sort()).toEqual(
      [
        [otherSchool, 'learner'],
        [tenant, 'learner'],
      ].sort(),
    )
    // Once accepted, the invitation no longer opens the account to the key: it sees its new
    // member on the roster, but may not change them (403, as for any member it reads).
    await cms.payload.update({
      collection: 'invitations',
      id,
      data: { acceptedAt: new Date().toISOString() },
      overrideAccess: true,
    })
    const removed = await rest('PATCH', `users/${invited.id}`, { memberships: [] }, asKey)
    expect(removed.status).toBe(403)
  })
})

describe('school reset tokens', () => {
  it('are given to a school’s key for accounts of that school only, and work once', async () => {
    const key = await createKey(cms.payload, 'tenant', tenant)
    const asKey = `service-keys API-Key ${key.apiKey}`
    const ask = (email: string, auth = asKey) => rest('POST', 'users/school-reset-token', { email }, auth)
    const own = await createMember(cms.payload, tenant, 'learner')
    const otherSchool = await createTenant(cms.payload)
    const foreign = await createMember(cms.payload, otherSchool, 'learner')
    const both = await createMember(cms.payload, otherSchool, 'admin')
    await cms.payload.update({
      collection: 'users',
      id: both.id,
      data: {
        memberships: [
          { tenant: otherSchool, role: 'admin' },
          { tenant, role: 'learner' },
        ],
      },
      overrideAccess: true,
    })
    for (const email of [foreign.email, both.email, 'nobody@example.com', 'not-an-email']) {
      const reply = await ask(email)
      expect(reply.status).toBe(200)
      expect(reply.body.token).toBeNull()
    }
    expect((await ask(own.email, `JWT ${token}`)).status).toBe(403) // a member's session
    const reply = await ask(own.email.toUpperCase())
    expect(reply.status).toBe(200)
    expect(typeof reply.body.token).toBe('string')
    const reset = (password: string) =>
      fetch(`${cms.baseUrl}/api/users/reset-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: reply.body.token, password }),
      })
    expect((await reset('a-brand-new-password')).status).toBe(200)
    expect((await reset('another-new-password')).status).toBeGreaterThanOrEqual(400)
    const login = await cms.payload.login({
      collection: 'users',
      data: { email: own.email, password: 'a-brand-new-password' },
    })
    expect(login.user?.id).toBe(own.id)
  })
})
