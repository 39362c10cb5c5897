// The example for every package: the shared defaults, plus this package's own needs.
import { defineLyceumConfig } from './src/vitest.ts'

// Other packages import it as '@lyceum/testing/vitest'; this one uses its own source.
export default defineLyceumConfig()
