import { isPlatform } from '@lyceum/tenancy'
import type { PayloadRequest } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/**
 * "Admin access" for callers authenticated by a service key. Payload lets only callers with admin
 * access set `enableAPIKey`/`apiKey` (and silently drops them for anyone else), so the platform key
 * needs it to mint a school's key. It cannot log into the admin UI: keys have no password login.
 */
export const mintKeys = ({ req }: { req: PayloadRequest }): boolean => isPlatform(actorOf(req))
