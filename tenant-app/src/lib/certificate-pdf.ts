import PDFDocument from 'pdfkit'

/** What the PDF shows; `color` is the school's `#rrggbb`. */
export type CertificatePdfInput = {
  school: string
  color: string
  heading: string
  line: string
  learnerName: string
  courseTitle: string
  issued: string
  verifyLabel: string
  verifyUrl: string
}

/**
 * A one-page A4 landscape certificate (pdfkit, the built-in Helvetica: no font files to ship):
 * a band in the school's colour with its name, the learner, the course, the date and the public
 * verification URL. @returns the PDF bytes.
 */
export function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 56,
      info: { Title: `${input.heading} — ${input.courseTitle}`, Author: input.school },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    const { width, height } = doc.page
    doc.rect(0, 0, width, 90).fill(input.color)
    doc
      .rect(24, 24, width - 48, height - 48)
      .lineWidth(2)
      .stroke(input.color)
    doc
      .fillColor('#ffffff')
      .font('Helvetica-Bold')
      .fontSize(24)
      .text(input.school, 56, 34, { width: width - 112 })
    doc
      .fillColor('#111827')
      .font('Helvetica-Bold')
      .fontSize(36)
      .text(input.heading, 56, 150, {
        width: width - 112,
        align: 'center',
      })
    doc
      .moveDown(1)
      .font('Helvetica')
      .fontSize(16)
      .text(input.line, { align: 'center', width: width - 112 })
    doc
      .moveDown(0.8)
      .font('Helvetica-Bold')
      .fontSize(30)
      .fillColor(input.color)
      .text(input.learnerName, {
        align: 'center',
        width: width - 112,
      })
    doc
      .moveDown(0.8)
      .font('Helvetica-Bold')
      .fontSize(22)
      .fillColor('#111827')
      .text(input.courseTitle, {
        align: 'center',
        width: width - 112,
      })
    doc
      .moveDown(0.6)
      .font('Helvetica')
      .fontSize(14)
      .text(input.issued, { align: 'center', width: width - 112 })
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor('#4b5563')
      .text(`${input.verifyLabel} ${input.verifyUrl}`, 56, height - 90, {
        width: width - 112,
        align: 'center',
      })
    doc.end()
  })
}
