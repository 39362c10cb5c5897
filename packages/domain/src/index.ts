/**
 * @lyceum/domain: the platform's shared vocabulary.
 *
 * Every enum here is the single source of truth for its values: the cms select fields, the
 * hub's forms, the billing state machine and the provisioner all import them from here.
 */
export * from './color.ts'
export * from './enums.ts'
export * from './primitives.ts'
export * from './slug.ts'
