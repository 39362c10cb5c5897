import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { NotFoundView } from '../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../components/Unavailable.tsx'
import { attempt, getTenant } from '../../../lib/cms.ts'
import { certificateHref, findCertificate, parseCertificateCode } from '../../../lib/quiz.ts'
import { NOT_FOUND_HEADER } from '../../../lib/signals.ts'

type Props = { params: Promise<{ code: string }> }

async function load(params: Props['params']) {
  const code = parseCertificateCode((await params).code)
  if (!code) return { ok: true as const, value: null }
  return attempt(async () => {
    const school = await getTenant()
    const certificate = await findCertificate(school, code)
    return certificate ? { school, certificate } : null
  })
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load(params)
  const t = await getTranslations(result.ok ? (result.value ? 'Certificate' : 'NotFound') : 'Error')
  return { title: t('title'), robots: { index: false, follow: false } }
}

/**
 * `/certificates/<code>`: the public verification page of a certificate of THIS school — who,
 * which course, when. Any other code (another school's, revoked, made up) is the school's 404.
 */
export default async function CertificateRoute({ params }: Props) {
  const result = await load(params)
  if (!result.ok) return <Unavailable />
  if (!result.value) {
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  const { school, certificate } = result.value
  const t = await getTranslations('Certificate')
  const format = await getFormatter()
  return (
    <article className="certificate">
      <p className="eyebrow">{t('verified', { school: school.name })}</p>
      <h1>{t('title')}</h1>
      <dl>
        <dt>{t('learner')}</dt>
        <dd>{certificate.learnerName}</dd>
        <dt>{t('course')}</dt>
        <dd>{certificate.courseTitle}</dd>
        <dt>{t('issued')}</dt>
        <dd>
          <time dateTime={certificate.issuedAt}>
            {format.dateTime(new Date(certificate.issuedAt), { dateStyle: 'long' })}
          </time>
        </dd>
        <dt>{t('code')}</dt>
        <dd>
          <code>{certificate.code}</code>
        </dd>
      </dl>
      <p>
        <a className="button" href={`${certificateHref(certificate.code)}/pdf`} download>
          {t('download')}
        </a>
      </p>
    </article>
  )
}
