/**
 * Runs after `payload generate:types`. The generated file lives in @lyceum/cms-client, whose
 * consumers need only the document types; the `declare module 'payload'` block at its end
 * only makes sense where Payload is compiled, so it is moved to src/payload-augment.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const file = fileURLToPath(new URL('../../packages/cms-client/src/payload-types.ts', import.meta.url))
const text = readFileSync(file, 'utf8')
const stripped = text.replace(/\n*declare module 'payload' \{[\s\S]*?\n\}\s*$/, '\n')
writeFileSync(file, stripped)
