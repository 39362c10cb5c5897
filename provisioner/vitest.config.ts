import { defineLyceumConfig } from '@lyceum/testing/vitest'

export default defineLyceumConfig({}, { database: false })
