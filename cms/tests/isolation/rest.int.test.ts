import { describeIsolationMatrix } from './runner.ts'
import { restSurface } from './surfaces.ts'

describeIsolationMatrix('rest', (cms, world) => restSurface(cms.baseUrl, world))
