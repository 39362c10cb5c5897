/** Tells Payload's Local API the shapes of our collections (generated into @lyceum/cms-client). */
import type { Config } from '@lyceum/cms-client/payload-types'

declare module 'payload' {
  export interface GeneratedTypes extends Config {}
}
