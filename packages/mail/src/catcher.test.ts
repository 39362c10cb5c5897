/** The catcher's own behaviour: binding, the UI, the client's listing, clearing, waiting, extracting. */
import net from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clearMessages,
  extractVerificationCode,
  listMessages,
  type MailCatcher,
  startMailCatcher,
  waitForMessage,
} from './catcher.ts'
import { createMailer, type Mailer } from './mailer.ts'

describe('startMailCatcher', () => {
  let catcher: MailCatcher
  let mailer: Mailer

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 })
    mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'Lyceum <no-reply@lyceum.test>' })
  })
  afterAll(async () => {
    mailer.close()
    await catcher.stop()
  })

  it('reports URLs on 127.0.0.1 with the ports it bound', () => {
    expect(catcher.smtpPort).toBeGreaterThan(0)
    expect(catcher.webPort).toBeGreaterThan(0)
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${catcher.smtpPort}`)
    expect(catcher.webUrl).toBe(`http://127.0.0.1:${catcher.webPort}`)
    expect(catcher.apiUrl).toBe(`${catcher.webUrl}/api`)
  })

  it('serves the browser UI (to a client that accepts HTML) and the REST API', async () => {
    const page = await fetch(catcher.webUrl, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/<html/i)
    const health = await fetch(`${catcher.apiUrl}/healthz`)
    expect(await health.json()).toBe(true)
  })

  it('binds only to loopback: the SMTP port refuses connections on another local address', async ({
    skip,
  }) => {
    const other = nonLoopbackAddress()
    if (other === undefined) return skip('this machine has no non-loopback IPv4 address to probe')
    await expect(connect(other, catcher.smtpPort)).rejects.toThrow(/ECONNREFUSED/)
    await expect(connect('127.0.0.1', catcher.smtpPort)).resolves.toBeUndefined()
  })

  it('lists, finds and clears messages', async () => {
    await clearMessages(catcher.webUrl)
    await mailer.send({ to: 'Ada@Example.com', subject: 'First', text: 'one', html: '<p>one</p>' })
    await mailer.send({ to: 'ada@example.com', subject: 'Second', text: 'two', html: '<p>two</p>' })
    const listed = await listMessages(catcher.webUrl)
    expect(listed.map((m) => m.subject)).toEqual(['First', 'Second'])
    expect(listed[0]).toMatchObject({ from: 'no-reply@lyceum.test', to: ['ada@example.com'], text: 'one' })
    expect(listed[0]?.receivedAt.getTime()).not.toBeNaN()

    const newest = await waitForMessage(catcher.webUrl, { to: 'ADA@example.com' })
    expect(newest.subject).toBe('Second')
    const first = await waitForMessage(catcher.webUrl, { to: 'ada@example.com', subjectIncludes: 'Fir' })
    expect(first.html).toBe('<p>one</p>')

    await clearMessages(catcher.webUrl)
    expect(await listMessages(catcher.webUrl)).toEqual([])
  })

  it('waits for a message that arrives after it starts polling', async () => {
    await clearMessages(catcher.webUrl)
    const waiting = waitForMessage(catcher.webUrl, { to: 'late@example.com', subjectIncludes: 'Late' })
    setTimeout(() => {
      void mailer.send({ to: 'late@example.com', subject: 'Late one', text: 'x', html: '<p>x</p>' })
    }, 150)
    expect((await waiting).subject).toBe('Late one')
  })

  it('times out with a message saying what it waited for and what the catcher holds', async () => {
    await clearMessages(catcher.webUrl)
    await mailer.send({ to: 'ada@example.com', subject: 'Unrelated', text: 'x', html: '<p>x</p>' })
    const started = performance.now()
    await expect(
      waitForMessage(catcher.webUrl, { to: 'grace@example.com', subjectIncludes: 'Welcome', timeoutMs: 300 }),
    ).rejects.toThrow(
      'No message to grace@example.com with a subject containing "Welcome" arrived within 300 ms. ' +
        'The catcher holds 1: "Unrelated" to ada@example.com.',
    )
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('times out with the reason when the catcher cannot be read', async () => {
    const port = await closedPort()
    await expect(
      waitForMessage(`http://127.0.0.1:${port}`, { to: 'ada@example.com', timeoutMs: 200 }),
    ).rejects.toThrow(
      /^No message to ada@example.com arrived within 200 ms\. The catcher at .* could not be read/,
    )
  })

  it('refuses a port that is already taken, suggesting port 0', async () => {
    await expect(startMailCatcher({ smtpPort: catcher.smtpPort, webPort: 0 })).rejects.toThrow(
      `Mail catcher: smtpPort ${catcher.smtpPort} on 127.0.0.1 is already in use (another catcher or MailDev?). Pass smtpPort: 0 for a free port.`,
    )
  })
})

describe('startMailCatcher options', () => {
  it('refuses to bind anywhere but loopback', async () => {
    await expect(startMailCatcher({ host: '0.0.0.0', smtpPort: 0, webPort: 0 })).rejects.toThrow(
      'Mail catcher: host must be a loopback address (127.0.0.1 or ::1), got "0.0.0.0".',
    )
  })

  it('refuses an invalid port', async () => {
    await expect(startMailCatcher({ smtpPort: 70_000 })).rejects.toThrow(
      /smtpPort must be an integer from 0 to 65535/,
    )
  })

  it('stops cleanly and twice, freeing its ports', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 })
    await catcher.stop()
    await catcher.stop()
    await expect(connect('127.0.0.1', catcher.smtpPort)).rejects.toThrow(/ECONNREFUSED/)
    await expect(fetch(catcher.webUrl)).rejects.toThrow()
  })
})

describe('extractVerificationCode', () => {
  it('finds the code on its own line, leading zeros kept', () => {
    expect(extractVerificationCode('Enter this code:\n\n042917\n\nIt expires in 10 minutes.')).toBe('042917')
  })

  it('prefers the own-line code over other six-digit runs', () => {
    expect(extractVerificationCode('Order 123456 shipped.\n  654321  \n')).toBe('654321')
  })

  it('falls back to a standalone run of exactly six digits', () => {
    expect(extractVerificationCode('Your code is 987654, valid 10 minutes (ref 12345678).')).toBe('987654')
  })

  it('throws when there is none', () => {
    expect(() => extractVerificationCode('Port 1025 and 1234567 are not codes.')).toThrow(
      /^No 6-digit verification code in the text: "Port 1025/,
    )
  })
})

/** Any IPv4 address of this machine other than 127.x, if it has one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address
}

function connect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy()
      resolve()
    })
    socket.once('error', reject)
  })
}

async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}
