/**
 * The platform side of the e2e tests: the real cms (production build, fresh migrated database,
 * demo seed), and what the provisioner will do for a school: mint its tenant key, as the
 * super-admin over REST. Also adds content the demo seed lacks (logo, cover, a draft course).
 */
import { randomUUID } from 'node:crypto'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import { type CmsServer, startCmsServer } from '@lyceum/testing/cms'
import { coverPng, emblemPng } from './png.ts'

/** The demo seed's super-admin (see the repository README, "Demo accounts"). */
export const SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }

export type SchoolFixture = { id: string; slug: string; key: string; keyId: string }

export type World = {
  cms: CmsServer
  /** A client authenticated as the super-admin. */
  platform: CmsClient
  northwind: SchoolFixture
  lumiere: SchoolFixture
  close(): Promise<void>
}

/** Creates a tenant key for `tenantId` (kind `tenant`) with a random key; returns it and its id. */
export async function mintTenantKey(platform: CmsClient, tenantId: string, name: string) {
  const key = randomUUID()
  const doc = await platform.create('service-keys', {
    name,
    kind: 'tenant',
    tenant: tenantId,
    enableAPIKey: true,
    apiKey: key,
  })
  return { key, keyId: doc.id }
}

/** Revokes a key for good (the cms disables it at once). */
export async function revokeKey(platform: CmsClient, keyId: string): Promise<void> {
  await platform.update('service-keys', keyId, { revokedAt: new Date().toISOString() })
}

async function tenantId(platform: CmsClient, slug: string): Promise<string> {
  const { docs } = await platform.find('tenants', { where: { slug: { equals: slug } }, limit: 1 })
  const id = docs[0]?.id
  if (!id) throw new Error(`The demo seed has no tenant "${slug}"`)
  return id
}

/** Starts the cms with the demo seed and mints a tenant key for each demo school. */
export async function startWorld(): Promise<World> {
  const cms = await startCmsServer({ seed: true })
  try {
    const anonymous = createCmsClient({ baseUrl: cms.baseUrl })
    const { token } = await anonymous.login(SUPER_ADMIN.email, SUPER_ADMIN.password)
    const platform = anonymous.withAuth({ token })
    const school = async (slug: string): Promise<SchoolFixture> => {
      const id = await tenantId(platform, slug)
      return { id, slug, ...(await mintTenantKey(platform, id, `${slug} instance (e2e)`)) }
    }
    const [northwind, lumiere] = [await school('northwind'), await school('lumiere')]
    return { cms, platform, northwind, lumiere, close: () => cms.close() }
  } catch (error) {
    await cms.close()
    throw error
  }
}

/** What {@link addNorthwindExtras} created. */
export type Extras = {
  logoFilename: string
  coverFilename: string
  privateFilename: string
  lumiereFilename: string
  styleGuide: { slug: string; title: string; lessons: Array<{ title: string; durationSeconds: number }> }
  draft: { slug: string; title: string }
}

/**
 * Content the demo seed lacks: Northwind's logo, a second published course with a cover and
 * two lessons, a draft course, a file no public page shows, and a Lumière image.
 */
export async function addExtras(world: World): Promise<Extras> {
  const { platform, northwind, lumiere } = world
  const upload = async (tenant: string, filename: string, data: Uint8Array, alt: string) =>
    platform.upload('media', { data, filename, mimeType: 'image/png' }, { tenant, alt })

  const logo = await upload(northwind.id, 'northwind-logo.png', emblemPng('#1d4ed8'), 'Northwind Academy')
  await platform.update('tenants', northwind.id, { branding: { logo: logo.id } })
  const cover = await upload(northwind.id, 'style-guides-cover.png', coverPng('#0f766e'), 'A teal gradient')
  const secret = await upload(northwind.id, 'northwind-internal.png', coverPng('#7c3aed'), 'Internal')
  const foreign = await upload(lumiere.id, 'lumiere-affiche.png', coverPng('#b45309'), 'Affiche')

  const styleGuide = {
    slug: 'style-guides-that-stick',
    title: 'Style Guides That Stick',
    lessons: [
      { title: 'Why teams ignore style guides', durationSeconds: 300 },
      { title: 'Writing rules people can apply', durationSeconds: 540 },
    ],
  }
  const course = await platform.create('courses', {
    tenant: northwind.id,
    title: styleGuide.title,
    slug: styleGuide.slug,
    summary: 'Build a short, practical style guide your team will actually follow.',
    cover: cover.id,
    published: true,
  })
  const section = await platform.create('sections', {
    tenant: northwind.id,
    course: course.id,
    title: 'Getting started',
    order: 0,
  })
  for (const [order, lesson] of styleGuide.lessons.entries()) {
    await platform.create('lessons', {
      tenant: northwind.id,
      section: section.id,
      title: lesson.title,
      slug: `lesson-${order + 1}`,
      durationSeconds: lesson.durationSeconds,
      order,
    })
  }
  const draft = { slug: 'advanced-api-reference', title: 'Advanced API Reference (draft)' }
  await platform.create('courses', {
    tenant: northwind.id,
    title: draft.title,
    slug: draft.slug,
    published: false,
  })

  const name = (doc: { filename?: string | null }) => {
    if (!doc.filename) throw new Error('upload without a filename')
    return doc.filename
  }
  return {
    logoFilename: name(logo),
    coverFilename: name(cover),
    privateFilename: name(secret),
    lumiereFilename: name(foreign),
    styleGuide,
    draft,
  }
}
