import { describeIsolationMatrix } from './runner.ts'
import { localSurface } from './surfaces.ts'

describeIsolationMatrix('local', (cms, world) => localSurface(cms.payload, world))
