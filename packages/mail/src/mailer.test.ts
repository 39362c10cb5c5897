/**
 * The mailer against servers that refuse: a closed port, and a minimal SMTP server (raw TCP,
 * below) that answers RCPT TO with a chosen reply. Successful delivery through a real SMTP
 * server is in delivery.test.ts.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MailConfigError, MailError } from './errors.ts'
import { createMailer, type MailerConfig } from './mailer.ts'

const FROM = 'Lyceum <no-reply@lyceum.test>'
const message = { to: 'ada@example.com', subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' }

function configError(config: unknown): MailConfigError {
  try {
    createMailer(config as MailerConfig)
  } catch (err) {
    if (err instanceof MailConfigError) return err
    throw err
  }
  throw new Error('createMailer accepted the config')
}

describe('createMailer config', () => {
  it('accepts an smtp:// and an smtps:// URL with credentials', () => {
    createMailer({ smtpUrl: 'smtp://127.0.0.1:1025', from: FROM }).close()
    createMailer({
      smtpUrl: 'smtps://user:p%40ss@smtp.example.com:465',
      from: 'no-reply@lyceum.example',
    }).close()
  })

  it('names smtpUrl when the scheme is wrong', () => {
    const err = configError({ smtpUrl: 'http://127.0.0.1:1025', from: FROM })
    expect(err.fields).toEqual(['smtpUrl'])
    expect(err.message).toBe(
      'Invalid mailer config: smtpUrl: Use the smtp:// or smtps:// scheme, not http://.',
    )
  })

  it('names smtpUrl when it is not a URL or missing', () => {
    expect(configError({ smtpUrl: '127.0.0.1:1025 x', from: FROM }).message).toMatch(
      /^Invalid mailer config: smtpUrl: /,
    )
    expect(configError({ from: FROM }).message).toBe(
      'Invalid mailer config: smtpUrl: Required: an smtp:// or smtps:// URL, like smtp://127.0.0.1:1025.',
    )
  })

  it('never repeats the password of a rejected URL', () => {
    const err = configError({ smtpUrl: 'https://user:s3cret@smtp.example.com', from: 'nope' })
    expect(err.message).not.toContain('s3cret')
    expect(err.fields).toEqual(['smtpUrl', 'from'])
  })

  it('names from when it is not an address', () => {
    const err = configError({ smtpUrl: 'smtp://127.0.0.1:1025', from: 'Lyceum <not-an-address>' })
    expect(err.fields).toEqual(['from'])
    expect(err.message).toBe(
      'Invalid mailer config: from: Use an email address, like Lyceum <no-reply@lyceum.example>.',
    )
  })

  it('says what to pass when there is no config at all', () => {
    expect(configError(undefined).message).toBe(
      'Invalid mailer config: (root): Pass a config object: { smtpUrl, from }.',
    )
  })
})

describe('send', () => {
  it('refuses an invalid message without connecting, as a non-retryable MailError', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: FROM })
    await expect(mailer.send({ ...message, to: 'not an address' })).rejects.toMatchObject({
      name: 'MailError',
      code: 'EINVALID',
      retryable: false,
      message: 'Invalid message: to: not an email address: "not an address"',
    })
    await expect(mailer.send({ ...message, subject: ' ' })).rejects.toMatchObject({ code: 'EINVALID' })
    mailer.close()
    await expect(mailer.send(message)).rejects.toMatchObject({ code: 'ECLOSED', retryable: false })
  })

  it('fails with a retryable MailError when nothing listens on the port', async () => {
    const port = await closedPort()
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM })
    try {
      const err = await mailer.send(message).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(MailError)
      expect(err).toMatchObject({ code: 'ESOCKET', retryable: true, responseCode: undefined })
      expect((err as MailError).message).toMatch(
        /^SMTP send failed \(ESOCKET, retryable\): connect ECONNREFUSED/,
      )
      await expect(mailer.verify()).rejects.toMatchObject({ name: 'MailError', retryable: true })
    } finally {
      mailer.close()
    }
  })
})

describe('send to a server that refuses the recipient', () => {
  let server: FakeSmtp
  beforeAll(async () => {
    server = await startFakeSmtp()
  })
  afterAll(() => server.close())

  it('is not retryable for a 5xx refusal (550 no such user)', async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM })
    try {
      await expect(mailer.send({ ...message, to: 'nobody@example.com' })).rejects.toMatchObject({
        name: 'MailError',
        code: 'EENVELOPE',
        responseCode: 550,
        command: 'RCPT TO',
        retryable: false,
        rejected: ['nobody@example.com'],
      })
    } finally {
      mailer.close()
    }
  })

  it('is retryable for a 4xx refusal (451 try later)', async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM })
    try {
      await expect(mailer.send({ ...message, to: 'later@example.com' })).rejects.toMatchObject({
        code: 'EENVELOPE',
        responseCode: 451,
        retryable: true,
      })
    } finally {
      mailer.close()
    }
  })

  it('reports a partial refusal in the result instead of throwing', async () => {
    const mailer = createMailer({ smtpUrl: server.url, from: FROM })
    try {
      const result = await mailer.send({ ...message, to: ['ok@example.com', 'nobody@example.com'] })
      expect(result.accepted).toEqual(['ok@example.com'])
      expect(result.rejected).toEqual(['nobody@example.com'])
      expect(result.messageId).toMatch(/^<.+@lyceum\.test>$/)
    } finally {
      mailer.close()
    }
  })
})

async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

type FakeSmtp = { url: string; close(): void }

/**
 * Just enough SMTP for nodemailer: RCPT TO `nobody@…` gets 550, `later@…` 451, anyone else 250;
 * DATA is accepted. Not a stand-in for our code: it plays the remote server that refuses.
 */
async function startFakeSmtp(): Promise<FakeSmtp> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.write('220 fake.test ESMTP\r\n')
    let buffer = ''
    let inData = false
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (inData) {
          if (line === '.') {
            inData = false
            socket.write('250 2.0.0 queued\r\n')
          }
          continue
        }
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake.test\r\n')
        else if (verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') socket.write('250 2.0.0 ok\r\n')
        else if (verb === 'RCPT') {
          if (line.includes('nobody@')) socket.write('550 5.1.1 no such user\r\n')
          else if (line.includes('later@')) socket.write('451 4.3.0 try again later\r\n')
          else socket.write('250 2.1.5 ok\r\n')
        } else if (verb === 'DATA') {
          inData = true
          socket.write('354 go ahead\r\n')
        } else if (verb === 'QUIT') socket.end('221 2.0.0 bye\r\n')
        else socket.write('502 5.5.2 not implemented\r\n')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    close() {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}
