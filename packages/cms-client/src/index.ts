export type * from './payload-types.ts'
