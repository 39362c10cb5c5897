import { createMailer } from '@lyceum/mail'
import { cms } from '../cms.ts'
import { env } from '../env.ts'
import { challengeKey } from './rules.ts'
import { type Accounts, createAccounts } from './service.ts'

/**
 * The hub's accounts service, or null without a platform key (development without `npm start`):
 * the account pages then answer 503. Mails go through `LYCEUM_SMTP_URL` (the catcher under
 * `npm start`).
 */
export const accounts: Accounts | null = env.LYCEUM_PLATFORM_KEY
  ? createAccounts({
      cms,
      mailer: env.LYCEUM_SMTP_URL
        ? createMailer({ smtpUrl: env.LYCEUM_SMTP_URL, from: env.LYCEUM_MAIL_FROM })
        : null,
      key: challengeKey(env.LYCEUM_PLATFORM_KEY),
      hubUrl: env.LYCEUM_HUB_PUBLIC_URL,
    })
  : null
