import path from 'node:path'
import { fileURLToPath } from 'node:url'
import './payload-augment.ts'
import { MEMBER_ROLES } from '@lyceum/domain'
import { isPlatform } from '@lyceum/tenancy'
import { postgresAdapter } from '@payloadcms/db-postgres'
import { multiTenantPlugin } from '@payloadcms/plugin-multi-tenant'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { en } from '@payloadcms/translations/languages/en'
import { fr } from '@payloadcms/translations/languages/fr'
import { buildConfig, type FieldAccess } from 'payload'
import { actorOf } from './access/actor.ts'
import { readOnlyImpersonation } from './access/impersonation.ts'
import { collections, TENANT_SCOPED } from './collections/index.ts'
import { restrictDocumentLocks } from './collections/LockedDocuments/index.ts'
import { env } from './env.ts'
import { docAccessQueries } from './graphql/docAccessQueries.ts'
import { migrations } from './migrations/index.ts'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/**
 * The tenant field of tenant-scoped documents. People set it on create (the collection's create
 * rule checks which tenant); so does the platform key, which the plugin alone would refuse
 * (it lets only `users` write the field). Moving a document to another tenant is a platform
 * operation: anyone else's value is dropped.
 */
const tenantFieldCreate: FieldAccess = ({ req }) =>
  req.user?.collection === 'users' || isPlatform(actorOf(req))
const tenantFieldUpdate: FieldAccess = ({ req }) => isPlatform(actorOf(req))

/**
 * The plugin lets only platform users write `memberships`, and silently drops anyone else's
 * value. Users.guardMemberships applies the finer rule (school admins manage their school's
 * rows, a school key adds learners, nobody edits their own) and says why when it refuses.
 */
const membershipsWrite: FieldAccess = () => true

export default buildConfig({
  admin: {
    user: 'users',
    importMap: { baseDir: dirname },
    meta: { titleSuffix: ' · Lyceum cms' },
  },
  serverURL: env.LYCEUM_CMS_PUBLIC_URL,
  csrf: [env.LYCEUM_CMS_PUBLIC_URL, env.LYCEUM_HUB_PUBLIC_URL],
  collections,
  editor: lexicalEditor(),
  secret: env.PAYLOAD_SECRET,
  telemetry: false,
  typescript: {
    outputFile: path.resolve(dirname, '../../packages/cms-client/src/payload-types.ts'),
    autoGenerate: false,
  },
  graphQL: { disablePlaygroundInProduction: true, maxComplexity: 2000, queries: docAccessQueries },
  i18n: { supportedLanguages: { en, fr }, fallbackLanguage: 'en' },
  loggingLevels: { Forbidden: 'debug', NotFound: 'debug', ValidationError: 'debug', APIError: 'info' },
  logger: { options: { level: env.LYCEUM_LOG_LEVEL } },
  db: postgresAdapter({
    pool: { connectionString: env.DATABASE_URL, max: 20 },
    idType: 'uuid',
    push: false,
    migrationDir: path.resolve(dirname, 'migrations'),
    prodMigrations: migrations,
  }),
  plugins: [
    multiTenantPlugin({
      tenantsSlug: 'tenants',
      collections: Object.fromEntries(TENANT_SCOPED.map((slug) => [slug, {}])),
      tenantField: { name: 'tenant', access: { create: tenantFieldCreate, update: tenantFieldUpdate } },
      tenantsArrayField: {
        includeDefaultField: true,
        arrayFieldName: 'memberships',
        arrayTenantFieldName: 'tenant',
        arrayFieldAccess: { create: membershipsWrite, update: membershipsWrite },
        rowFields: [
          {
            name: 'role',
            type: 'select',
            required: true,
            defaultValue: 'learner',
            options: [...MEMBER_ROLES],
          },
        ],
      },
      userHasAccessToAllTenants: (user) => isPlatform(actorOf({ user })),
    }),
  ],
})
  .then(restrictDocumentLocks)
  .then(readOnlyImpersonation)
