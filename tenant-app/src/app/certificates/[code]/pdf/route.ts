import { getFormatter, getTranslations } from 'next-intl/server'
import { getEnv } from '../../../../env.ts'
import { renderCertificatePdf } from '../../../../lib/certificate-pdf.ts'
import { getTenant, isCmsOutage } from '../../../../lib/cms.ts'
import { certificateHref, findCertificate, parseCertificateCode } from '../../../../lib/quiz.ts'

export const dynamic = 'force-dynamic'

const text = (status: number, body: string) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  })

/**
 * `GET /certificates/<code>/pdf`: the certificate as a PDF in the school's colours (pdfkit), for
 * a certificate of THIS school; any other code is a 404, a cms outage a 503.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }) {
  const code = parseCertificateCode((await params).code)
  if (!code) return text(404, 'Not found')
  try {
    const school = await getTenant()
    const certificate = await findCertificate(school, code)
    if (!certificate) return text(404, 'Not found')
    const t = await getTranslations('Certificate')
    const format = await getFormatter()
    const pdf = await renderCertificatePdf({
      school: school.name,
      color: school.primaryColor,
      heading: t('title'),
      line: t('pdfLine'),
      learnerName: certificate.learnerName,
      courseTitle: certificate.courseTitle,
      issued: format.dateTime(new Date(certificate.issuedAt), { dateStyle: 'long' }),
      verifyLabel: t('pdfVerify'),
      verifyUrl: `${getEnv().LYCEUM_PUBLIC_URL}${certificateHref(code)}`,
    })
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="certificate-${code}.pdf"`,
        'cache-control': 'private, max-age=300',
        'x-content-type-options': 'nosniff',
      },
    })
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return new Response('Service unavailable', { status: 503, headers: { 'retry-after': '30' } })
  }
}
