/** The id of a relationship value: the shared definition in @lyceum/cms-client. */
export { idOf } from '@lyceum/cms-client'
