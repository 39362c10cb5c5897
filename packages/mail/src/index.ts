/**
 * @lyceum/mail: transactional email for the whole platform.
 *
 * - templates (`verificationCode`, `welcome`, `paymentFailed`, `subscriptionCanceled`,
 *   `accountExists`, `passwordReset`, `invitation`, `reportDecided`, `contentUnpublished`), each in
 *   every locale, returning `{ subject, text, html }`;
 * - `createMailer({ smtpUrl, from })`: a pooled SMTP mailer throwing a typed `MailError`;
 * - the development/test mail catcher lives in `@lyceum/mail/catcher`.
 */
export { MailConfigError, MailError } from './errors.ts'
export { escapeHtml } from './escape.ts'
export { formatDate, formatMoney } from './format.ts'
export {
  createMailer,
  type Mailer,
  type MailerConfig,
  type OutgoingMessage,
  type SendResult,
  sendTemplate,
} from './mailer.ts'
export * from './templates/index.ts'
