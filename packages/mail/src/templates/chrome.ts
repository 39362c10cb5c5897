import type { Chrome } from './layout.ts'
import type { Messages } from './locales/index.ts'

/** The shared greeting, sign-off and footer of `messages`, branded with `productName`. */
export function chromeFor(messages: Messages, productName: string): Chrome {
  return {
    productName,
    greeting: messages.common.greeting,
    signOff: messages.common.signOff(productName),
    footer: messages.common.footer(productName),
    linkFallback: messages.common.linkFallback,
  }
}
